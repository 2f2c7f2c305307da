// Placeholder until the worker lands.
export {};
