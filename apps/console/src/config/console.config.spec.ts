import { ConfigError } from '@hookline/config';
import { loadConsoleConfig } from './console.config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConsoleConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

describe('loadConsoleConfig', () => {
  it('defaults to the four local service ports, port 8080, a 32 MiB body limit and no operator API', () => {
    const config = loadConsoleConfig({});
    expect(config.http.port).toBe(8080);
    expect(config.upstreams).toEqual({
      producer: 'http://127.0.0.1:3001',
      subscription: 'http://127.0.0.1:3002',
      delivery: 'http://127.0.0.1:3003',
      health: 'http://127.0.0.1:3004',
    });
    expect(config.proxy.bodyLimitBytes).toBe(32 * 1024 * 1024);
    expect(config.exposeOperatorApi).toBe(false);
    expect(config.grafanaUrl).toBeNull();
  });

  it.each([
    ['CONSOLE_PROXY_BODY_LIMIT', '257mb'],
    ['CONSOLE_PROXY_BODY_LIMIT', 'lots'],
    ['CONSOLE_PROXY_TIMEOUT_MS', '600001'],
    ['CONSOLE_PROXY_MAX_SOCKETS', '0'],
    ['CONSOLE_DELIVERY_URL', 'delivery:3003'],
    ['CONSOLE_EXPOSE_OPERATOR_API', 'ture'],
  ])('refuses %s=%s at boot, naming it', (setting, value) => {
    expect(problemsOf({ [setting]: value }).join('\n')).toContain(setting);
  });
});
