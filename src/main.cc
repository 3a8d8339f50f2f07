#include "cli/app.h"

int main(int argc, char** argv) { return rx::cli::run(argc, argv); }
