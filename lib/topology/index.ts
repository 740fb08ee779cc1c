export * from "./types";
export { checkCapacityBeforePlanning, planTopology, resolveEnvironment } from "./plan";
