// esbuild bundles CSS imported from the entry point.
declare module '*.css';
