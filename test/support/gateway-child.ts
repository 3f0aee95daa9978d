/* eslint-disable no-console -- a process entry point for tests */
// First, as in src/main.ts: the production default for NODE_ENV, before graphql-js is loaded.
import '../../src/production-mode';
import { readGatewayConfig } from '../../src/config/gateway-config';
import { createLogger } from '../../src/logging/logger';
import { runGateway, runOptionsFrom } from '../../src/run-gateway';
import type { EnrollmentStep } from '../../src/users/enrollment-service';

// The production entry point (src/main.ts) plus one TEST-ONLY hook: with TEST_ONLY_PAUSE_AT=<step>,
// an enrollment stops for good at that step and says so on stdout, so a crash test can kill -9 the
// process exactly there. Nothing in src/ reads TEST_ONLY_PAUSE_AT.
const config = readGatewayConfig(process.env);
const logger = createLogger(config.logLevel);
const pauseAt = process.env.TEST_ONLY_PAUSE_AT as EnrollmentStep | undefined;

runGateway({
  ...runOptionsFrom(config, logger),
  testOnly: {
    testOnlyPauseAt: async (step) => {
      if (step !== pauseAt) return;
      console.log(JSON.stringify({ msg: `TEST_ONLY paused at ${step}` }));
      await new Promise<never>(() => undefined);
    },
  },
})
  .then((url) => logger.info({ url: `${url}/graphql` }, 'cce-gateway ready'))
  .catch((error: Error) => {
    logger.fatal({ error: error.message }, 'cce-gateway failed to start');
    process.exit(1);
  });
