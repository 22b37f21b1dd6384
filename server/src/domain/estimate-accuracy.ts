/**
 * The accuracy ledger's figures (API.md "Estimates and their accuracy"), from called tickets and the
 * estimates they were given at issue. Pure, so the endpoint and the accuracy benchmark score alike.
 */

/** A called ticket as the ledger scores it (seconds). */
export interface ScoredTicket {
  serviceId: number;
  /** First call − issue. */
  waitSeconds: number;
  /** The estimate given at issue (null: none was stored, e.g. a ticket from before the ledger). */
  estimateSeconds: number | null;
  low: number | null;
  high: number | null;
  /** The naive estimate at the same moment (null: not scored, no history or no counter). */
  naiveSeconds: number | null;
}

export interface NaiveAccuracy {
  n: number;
  maeSeconds: number | null;
  rmseSeconds: number | null;
  biasSeconds: number | null;
  within5MinPercent: number | null;
}

export interface Accuracy extends Omit<NaiveAccuracy, 'n'> {
  n: number;
  under10MinPercent: number | null;
  rangeCoveragePercent: number | null;
  naive: NaiveAccuracy;
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
const percent = (hits: number, n: number) => (n === 0 ? null : (100 * hits) / n);

function errorFigures(errors: readonly number[]): NaiveAccuracy {
  const rmse = mean(errors.map((e) => e * e));
  return {
    n: errors.length,
    maeSeconds: mean(errors.map(Math.abs)),
    rmseSeconds: rmse === null ? null : Math.sqrt(rmse),
    biasSeconds: mean(errors),
    within5MinPercent: percent(errors.filter((e) => Math.abs(e) <= 300).length, errors.length),
  };
}

/** error = estimate at issue − wait; within 5 min: |error| ≤ 300 s; under by more than 10 min: error < −600 s. */
export function accuracyOf(tickets: readonly ScoredTicket[]): Accuracy {
  const withEstimate = tickets.filter((t) => t.estimateSeconds !== null);
  const errors = withEstimate.map((t) => (t.estimateSeconds as number) - t.waitSeconds);
  const ranged = withEstimate.filter((t) => t.low !== null && t.high !== null);
  const naive = tickets.filter((t) => t.naiveSeconds !== null).map((t) => (t.naiveSeconds as number) - t.waitSeconds);
  return {
    ...errorFigures(errors),
    under10MinPercent: percent(errors.filter((e) => e < -600).length, errors.length),
    rangeCoveragePercent: percent(ranged.filter((t) => (t.low as number) <= t.waitSeconds && t.waitSeconds <= (t.high as number)).length, ranged.length),
    naive: errorFigures(naive),
  };
}
