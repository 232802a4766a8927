// A shared library named like a plugin that exports no descriptor.
extern "C" __attribute__((visibility("default"))) int not_a_tuna_plugin() { return 1; }
