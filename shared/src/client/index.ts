export * from './http';
// Formatting helpers with no schema (and no zod) behind them, for apps that import only types otherwise.
export { formatWaitRange } from '../format/wait-range';
