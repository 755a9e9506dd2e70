import { Injectable } from '@nestjs/common';

/** Flipped on SIGTERM so readiness fails first, before anything closes. */
@Injectable()
export class ShutdownState {
  private draining = false;

  markDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }
}
