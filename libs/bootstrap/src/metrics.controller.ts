import { Controller, Get, Res } from '@nestjs/common';
import { Public } from '@slotline/health';
import { Metrics } from '@slotline/observability';
import type { Response } from 'express';

/** Prometheus scrape endpoint, on every app. */
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.render();
    res.setHeader('Content-Type', contentType);
    res.send(body);
  }
}
