/* eslint-disable no-console -- configuration errors go to stderr before a logger exists */
import './production-mode';
import { ConfigError } from './config/config-error';
import { readGatewayConfig, type GatewayConfig } from './config/gateway-config';
import { createLogger } from './logging/logger';
import { runGateway, runOptionsFrom } from './run-gateway';

// `npm start`: production mode from the compiled output. Everything comes from the environment.
function loadConfig(): GatewayConfig {
  try {
    return readGatewayConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`cce-gateway cannot start. ${error.message}\nSee the configuration table in README.md.`);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfig();
const logger = createLogger(config.logLevel);
runGateway(runOptionsFrom(config, logger))
  .then((url) => logger.info({ url: `${url}/graphql`, cce: config.cce.baseUrl }, 'cce-gateway ready'))
  .catch((error: Error) => {
    logger.fatal({ error: error.message }, 'cce-gateway failed to start');
    process.exit(1);
  });
