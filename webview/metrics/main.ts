// Placeholder until the metrics panel lands.
export {};
