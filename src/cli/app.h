#pragma once
namespace rx::cli { int run(int argc, char** argv); }
