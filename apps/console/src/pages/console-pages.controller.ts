import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console.config';
import { CONSOLE_ASSETS_DIR, CONSOLE_SECURITY_HEADERS } from './console-assets';

/** The console's page (one index.html; the page is picked by the URL fragment) and its public settings. */
@Controller()
export class ConsolePagesController {
  private readonly indexHtml = readFileSync(join(CONSOLE_ASSETS_DIR, 'index.html'), 'utf8');

  constructor(@Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig) {}

  @Get()
  @Header('cache-control', 'no-cache')
  index(@Res() response: Response): void {
    response.set(CONSOLE_SECURITY_HEADERS).type('html').send(this.indexHtml);
  }

  /** What the page needs to know that is not secret: where the Grafana dashboard is, if anywhere. */
  @Get('console/settings.json')
  @Header('cache-control', 'no-cache')
  settings(): { grafanaUrl: string | null } {
    return { grafanaUrl: this.config.grafanaUrl };
  }
}
