export * from "./diagnostics";
export * from "./runner";
export * from "./terraform";
