export * from "./types";
export { planTopology, resolveEnvironment } from "./plan";
