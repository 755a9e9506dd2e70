import { Controller, Get, Res } from '@nestjs/common';
import { Public } from '@slotline/health';
import { Metrics } from '@slotline/observability';

/** The one call this needs, which Express's response and Fastify's reply both have. */
interface HeaderSetter {
  header(name: string, value: string): unknown;
}

/** Prometheus scrape endpoint, on every app (Express or Fastify). */
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  async scrape(@Res({ passthrough: true }) res: HeaderSetter): Promise<string> {
    const { contentType, body } = await this.metrics.render();
    res.header('Content-Type', contentType);
    return body;
  }
}
