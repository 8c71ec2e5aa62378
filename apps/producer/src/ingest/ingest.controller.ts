import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { contentBatchId, type FieldError, type Validated } from '@hookline/contracts';
import { badRequest } from '@hookline/http';
import { ROOT_LOGGER } from '@hookline/observability';
import { annotateServerSpan } from '@hookline/tracing';
import { PRODUCER_CONFIG, type ProducerConfig } from '../config/producer.config';
import { parseSubmission } from './domain/parse-submission';
import { scanBatchBody } from './domain/scan-batch-body';
import { tenantsOf, type Submission } from './domain/submission';
import { tokenScopeProblems } from './domain/token-scope';
import { toIngestResponse, type IngestResponse } from './dto/ingest.response.dto';
import { ingestSpanAttributes } from './ingest-span-attributes';
import { IngestTokenGuard, type IngestRequest } from './ingest-token.guard';
import { IngestUnavailableFilter } from './ingest-unavailable.filter';
import { AcceptSubmissionUseCase } from './usecases/accept-submission/accept-submission.usecase';

export const BATCHES_ROUTE = '/v1/batches';

@Controller('v1')
@UseGuards(IngestTokenGuard)
@UseFilters(IngestUnavailableFilter)
export class IngestController {
  constructor(
    private readonly acceptSubmission: AcceptSubmissionUseCase,
    @Inject(PRODUCER_CONFIG) private readonly config: ProducerConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /** One event, an array of events, or a batch operation, within the JSON body limit. */
  @Post('events')
  @HttpCode(202)
  events(
    @Body() body: unknown,
    @Req() request: IngestRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IngestResponse> {
    const submission = parseSubmission(body, {
      maxBatchSubjects: this.config.ingest.maxBatchSubjects,
      batchIdFor: (operation) => contentBatchId(JSON.stringify(operation)),
    });
    return this.accept(submission, request, response);
  }

  /** A batch operation of any size up to its own limit, parsed streamed from the raw body. */
  @Post('batches')
  @HttpCode(202)
  batches(
    @Body() body: unknown,
    @Req() request: IngestRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IngestResponse> {
    const submission: Validated<Submission> = Buffer.isBuffer(body)
      ? scanBatchBody(body, this.config.ingest.maxBatchSubjects)
      : { ok: false, errors: [{ field: '(root)', message: 'is empty' }] };
    return this.accept(submission, request, response);
  }

  private async accept(
    submission: Validated<Submission>,
    request: IngestRequest,
    response: Response,
  ): Promise<IngestResponse> {
    if (!submission.ok) throw this.rejected(submission.errors);
    const outOfScope = tokenScopeProblems(request.ingestScope ?? { tenants: new Set() }, submission.value);
    if (outOfScope.length > 0) throw this.forbidden(outOfScope, tenantsOf(submission.value));
    const result = await this.acceptSubmission.execute({
      submission: submission.value,
      receivedAt: new Date(),
      path: 'http',
      origin: 'upstream',
      waitForTenants: true,
    });
    annotateServerSpan(() => ingestSpanAttributes(submission.value, result));
    if (result.outcome === 'rejected') {
      throw this.rejected(result.errors, tenantsOf(submission.value), idsOf(submission.value));
    }
    const answer = toIngestResponse(result);
    response.status(answer.status);
    if (result.kind === 'batch') {
      this.logger.info({ tenants: tenantsOf(submission.value), ...answer.body }, 'batch operation accepted');
    }
    return answer.body;
  }

  private forbidden(errors: FieldError[], tenants: string[]) {
    this.logger.warn(
      { tenants, errors: errors.slice(0, 10) },
      'submission refused: token not bound to its tenants',
    );
    return new ForbiddenException({
      statusCode: 403,
      error: 'Forbidden',
      message: 'This ingest token may not publish for these tenants',
      errors,
    });
  }

  private rejected(errors: FieldError[], tenants?: string[], ids?: string[]) {
    this.logger.warn({ tenants, ids, errors: errors.slice(0, 10) }, 'submission rejected');
    return badRequest(errors);
  }
}

/** The ids a rejection log names, so an upstream's report can be matched: event ids, or the batch id. */
function idsOf(submission: Submission): string[] {
  if (submission.kind === 'batch') return [submission.batchId];
  return submission.events.slice(0, 10).flatMap((event) => (event.id === undefined ? [] : [event.id]));
}
