/** Vite's `?worker` imports: the module's default export constructs the worker. */
declare module '*?worker' {
  const WorkerFactory: new () => Worker;
  export default WorkerFactory;
}
