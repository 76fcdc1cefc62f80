// The factory pipeline's public face: starting, following and resuming pipelines, the stage lines
// of review requests, and the read model for /pipelines and the brief.

export {
  estimateText,
  followAllPipelines,
  followCurrentStage,
  followPipeline,
  planOf,
  resumePipeline,
  stageLines,
  startPipeline,
} from './flow.js';
export { type EarlierStage, stageBody, stageLabel } from './stage-prompt.js';
export {
  DEFAULT_PLAN,
  DEFAULT_STAGES,
  mergeStages,
  type PipelinePlan,
  type StageTemplate,
  TOOL_ESTIMATE_USD,
} from './stages.js';
export {
  briefLine,
  type PipelineSummary,
  pipelineSummaries,
  pipelinesText,
  summaryLine,
} from './summary.js';
