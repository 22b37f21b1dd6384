import type { ServiceContext } from './context';

type ServiceFunction = (ctx: ServiceContext, ...args: any[]) => unknown;

/** A service module's functions with the context already given, as routes and realtime call them. */
export type Bound<M extends Record<string, ServiceFunction>> = {
  [K in keyof M]: M[K] extends (ctx: ServiceContext, ...args: infer A) => infer R ? (...args: A) => R : never;
};

/**
 * Binds a module of plain exported service functions (`fn(ctx, ...args)`) to one context. Services stay
 * plain functions that a test can call with any context; the app hands routes the bound set.
 */
export function bindService<M extends Record<string, ServiceFunction>>(ctx: ServiceContext, module: M): Bound<M> {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(module)) bound[name] = (...args: unknown[]) => fn(ctx, ...args);
  return bound as Bound<M>;
}
