import type { BuildOptions } from 'esbuild';

export const bundledPackages: RegExp;
export const nodeBundleOptions: BuildOptions;
