import { IsEmail, IsOptional, Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import type { UserStatus } from '../../users/user';
import { UserStatusEnum } from '../types/user-type';
import { IsSafeText } from '../validation/text-validators';

@InputType({ description: 'All given conditions must hold. Without status, only ACTIVE users are listed.' })
export class UserFilterInput {
  @Field(() => UserStatusEnum, { nullable: true })
  @IsOptional()
  status?: UserStatus | null;

  @Field(() => String, { nullable: true, description: 'Exact email address, case-insensitive.' })
  @IsOptional()
  @IsEmail()
  @IsSafeText()
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Last four digits of the card.' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'cardLast4 must be four digits' })
  cardLast4?: string | null;

  @Field(() => Date, { nullable: true, description: 'Enrolled at or after this instant.' })
  @IsOptional()
  enrolledAfter?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Enrolled before this instant.' })
  @IsOptional()
  enrolledBefore?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only users who must register again for Donate (see User.reregistrationRequired).',
  })
  @IsOptional()
  reregistrationRequired?: boolean | null;
}
