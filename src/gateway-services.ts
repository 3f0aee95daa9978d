import { CarbonScoreCache } from './carbon/carbon-score-cache';
import { CarbonScoreService } from './carbon/carbon-score-service';
import { DashboardService } from './carbon/dashboard-service';
import { DEFAULT_CCE_READS, DEFAULT_DATABASE_DEADLINES } from './config/gateway-config';
import type { SchemaServices } from './graphql/build-schema';
import { IssuerService } from './issuer/issuer-service';
import type { GatewayMetrics } from './observability/gateway-metrics';
import type { GatewayDependencies } from './server';
import { CardFingerprinter } from './users/card-fingerprint';
import { DeletionService } from './users/deletion-service';
import { EnrollmentJournal } from './users/enrollment-journal';
import { EnrollmentService } from './users/enrollment-service';
import { prepareJournalDirectory } from './users/journal-directory';
import { PersonalDataCipher } from './users/personal-data-cipher';
import { UserUpdateService } from './users/update-service';
import { userModel } from './users/user-document';
import { UserProfileStore } from './users/user-profile-store';
import { UserQueryService } from './users/user-query-service';
import { UserRepository } from './users/user-repository';

/** Every service of one gateway instance, built once from its dependencies. */
export interface GatewayServices extends SchemaServices {
  readonly repository: UserRepository;
  readonly journal: EnrollmentJournal;
  /** This instance's id in heartbeats, intents and leases (see journal-directory.ts). */
  readonly instanceId: string;
  readonly carbonScores: CarbonScoreService;
  readonly carbonScoreCache: CarbonScoreCache;
  readonly dashboards: DashboardService;
  readonly maxTimeMS: number;
}

/** The services layer: the cache, CCE and the issuer profile behind the operations the schema serves. */
export async function createServices(
  deps: GatewayDependencies,
  clock: () => Date,
  metrics: GatewayMetrics,
): Promise<GatewayServices> {
  const { settings, cce, logger } = deps;
  const model = userModel(deps.connection);
  await model.init();
  const maxTimeMS = (settings.database ?? DEFAULT_DATABASE_DEADLINES).maxTimeMS;
  const cipher = new PersonalDataCipher(settings.personalDataKeys);
  const repository = new UserRepository(model, cipher, { maxTimeMS });
  const journal = new EnrollmentJournal(settings.enrollmentJournalPath);
  const instanceId = await prepareJournalDirectory(journal.file, settings.instanceId);
  const queries = new UserQueryService(repository);
  const carbonScoreCache = new CarbonScoreCache(deps.connection, maxTimeMS);
  return {
    repository,
    journal,
    instanceId,
    maxTimeMS,
    queries,
    donateEnabled: settings.donateEnabled,
    enrollment: new EnrollmentService({
      repository,
      cce,
      fingerprinter: new CardFingerprinter(settings.cardFingerprintKeys),
      issuerProfile: deps.issuerProfile,
      donateEnabled: settings.donateEnabled,
      journal,
      instanceId,
      events: metrics,
      clock,
      logger,
      ...(deps.completionRetryDelaysMs ? { completionRetryDelaysMs: deps.completionRetryDelaysMs } : {}),
      ...(deps.testOnlyPauseAt ? { testOnlyPauseAt: deps.testOnlyPauseAt } : {}),
    }),
    deletion: new DeletionService({
      repository,
      cce,
      clock,
      logger,
      maxIdsPerRequest: settings.limits.query.maxDeleteIds,
    }),
    updates: new UserUpdateService({
      profiles: new UserProfileStore(model, cipher, maxTimeMS),
      queries,
      cce,
      logger,
      clock,
    }),
    issuers: new IssuerService({ cce, source: deps.issuerProfile, donateEnabled: settings.donateEnabled }),
    carbonScoreCache,
    carbonScores: new CarbonScoreService({
      cce,
      cache: carbonScoreCache,
      clock,
      logger,
      concurrency: settings.cceReadConcurrency ?? DEFAULT_CCE_READS.concurrency,
      cacheMs: settings.carbonScoreCacheMs ?? DEFAULT_CCE_READS.carbonScoreCacheMs,
    }),
    dashboards: new DashboardService({
      cce,
      clock,
      concurrency: settings.cceReadConcurrency ?? DEFAULT_CCE_READS.concurrency,
    }),
  };
}
