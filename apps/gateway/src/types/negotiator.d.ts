// negotiator ships no types; the one call the gateway makes (compression 1.8's own negotiation).
declare module 'negotiator' {
  class Negotiator {
    constructor(request: { headers: Record<string, string | string[] | undefined> });
    encoding(available: string[], preferred?: string[]): string | undefined;
  }
  export = Negotiator;
}
