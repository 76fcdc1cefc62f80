// Kev's public face: what the composition root, the CLI and the board may use of the core.

export type { ActionResult, ChatRef, Reply } from './actions/index.js';
export { COMMANDS, parseCommand } from './commands.js';
export { Delivery, type DeliveryOptions } from './delivery.js';
export { taskLine } from './format.js';
export { Kev, type KevOptions } from './kev.js';
export { TaskNews } from './task-news.js';
