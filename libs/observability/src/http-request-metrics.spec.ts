import { Controller, Get, HttpException, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { HTTP_REQUEST_METRIC, routeTemplate, UNMATCHED_ROUTE } from './http-request-metrics';
import { MetricsModule } from './metrics.module';

@Controller('v1/things')
class ThingsController {
  @Get(':thingId')
  get(@Param('thingId') thingId: string): { thingId: string } {
    return { thingId };
  }

  @Post()
  create(): never {
    throw new HttpException('the store is down', 503);
  }
}

@Module({ imports: [MetricsModule], controllers: [ThingsController] })
class AppModule {}

interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

async function countOf(labels: Record<string, string>): Promise<number> {
  const metric = await register.getSingleMetric(HTTP_REQUEST_METRIC)!.get();
  const samples = metric.values as Sample[];
  return samples
    .filter((sample) => sample.metricName === `${HTTP_REQUEST_METRIC}_count`)
    .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

describe('HTTP request metrics (MetricsModule)', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const server = app.getHttpServer() as Server;
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  it('counts requests by route template, never by raw path, with their status', async () => {
    for (const id of ['th_1', 'th_2', 'th_3'])
      expect((await fetch(`${base}/v1/things/${id}`)).status).toBe(200);
    expect((await fetch(`${base}/v1/things`, { method: 'POST' })).status).toBe(503);
    expect((await fetch(`${base}/no/such/th_9`)).status).toBe(404);

    expect(await countOf({ method: 'GET', route: '/v1/things/:thingId', status: '200' })).toBe(3);
    expect(await countOf({ method: 'POST', route: '/v1/things', status: '503' })).toBe(1);
    expect(await countOf({ route: UNMATCHED_ROUTE, status: '404' })).toBe(1);
    const exposition = await register.getSingleMetricAsString(HTTP_REQUEST_METRIC);
    expect(exposition).not.toMatch(/th_[0-9]/);
  });

  it('leaves probes and scrapes out', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect(await register.getSingleMetricAsString(HTTP_REQUEST_METRIC)).not.toContain('/metrics');
  });

  it('measures how long a request took', async () => {
    const metric = await register.getSingleMetric(HTTP_REQUEST_METRIC)!.get();
    const sum = (metric.values as Sample[]).find(
      (sample) => sample.metricName === `${HTTP_REQUEST_METRIC}_sum` && sample.labels.status === '200',
    );
    expect(sum?.value).toBeGreaterThan(0);
  });
});

describe('routeTemplate', () => {
  it('joins the router prefix and the matched route, and names an unmatched request', () => {
    expect(routeTemplate({ baseUrl: '', route: { path: '/v1/endpoints/:endpointId' } })).toBe(
      '/v1/endpoints/:endpointId',
    );
    expect(routeTemplate({ baseUrl: '/api', route: { path: '/x' } })).toBe('/api/x');
    expect(routeTemplate({ baseUrl: '', route: undefined })).toBe(UNMATCHED_ROUTE);
  });
});
