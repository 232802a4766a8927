// Removed when the component sources land.
