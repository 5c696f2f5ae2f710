/** Counters of the turn pipeline, for the tests and the operator: what the reliability steps did. */
export interface PipelineStats {
  duplicatesAcknowledged: number;
  conflictRetries: number;
  unavailableAnswers: number;
  rateLimited: number;
}

export function newPipelineStats(): PipelineStats {
  return { duplicatesAcknowledged: 0, conflictRetries: 0, unavailableAnswers: 0, rateLimited: 0 };
}
