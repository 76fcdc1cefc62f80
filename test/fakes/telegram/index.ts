// The fake Telegram Bot API for tests and benchmarks: start one, point grammY's apiRoot at `url`.

export { parseTelegramHtml } from './html.js';
export {
  FakeBotApi,
  type FakeOptions,
  type Fault,
  type Outage,
  type RecordedCall,
  startFakeBotApi,
} from './server.js';
export { ApiError, type BotMessage, type FakeUser, FakeWorld } from './state.js';
