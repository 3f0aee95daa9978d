import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { CarbonScore } from '../../carbon/carbon-score';
import { DecimalScalar } from '../scalars/decimal';

export enum CarbonScoreStatus {
  AVAILABLE = 'AVAILABLE',
  PENDING = 'PENDING',
}

registerEnumType(CarbonScoreStatus, {
  name: 'CarbonScoreStatus',
  valuesConfig: {
    AVAILABLE: { description: "CCE's aggregate for the current month." },
    PENDING: {
      description: 'CCE is still scoring the last 12 months (about 24 h after enrollment); not asked yet.',
    },
  },
});

@ObjectType('CarbonScore', {
  description: "A cardholder's carbon footprint this month, as CCE aggregates it.",
})
export class CarbonScoreType {
  @Field(() => CarbonScoreStatus)
  status!: CarbonScoreStatus;

  @Field(() => DecimalScalar, { nullable: true, description: 'Grams of CO2 emitted; null while PENDING.' })
  carbonEmissionInGrams!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "CCE's period, e.g. november-2026; null while PENDING.",
  })
  aggregateDate!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the score was read from CCE (it is cached).' })
  fetchedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'While PENDING: when CCE will have scored.' })
  availableAt!: Date | null;
}

export function toCarbonScoreType(score: CarbonScore): CarbonScoreType {
  return score.status === 'PENDING'
    ? {
        status: CarbonScoreStatus.PENDING,
        carbonEmissionInGrams: null,
        aggregateDate: null,
        fetchedAt: null,
        availableAt: score.availableAt,
      }
    : {
        status: CarbonScoreStatus.AVAILABLE,
        carbonEmissionInGrams: score.carbonEmissionInGrams,
        aggregateDate: score.aggregateDate,
        fetchedAt: score.fetchedAt,
        availableAt: null,
      };
}
