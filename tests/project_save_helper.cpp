// project_save_helper DIR DATA: saves generations of a project in DIR over and over (see
// project_generation.h), starting after the generation on disk, and prints "saved G" after
// each save. test_project_files kills it at random moments.

#include "project_generation.h"

#include <cstdio>
#include <exception>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: project_save_helper DIR DATA\n");
        return 2;
    }
    const std::string dir = argv[1], data = argv[2];
    int g = 0;
    try {
        const std::string message = studio::loadProjectFile(dir).message;
        g = std::stoi(message.substr(message.find(' ') + 1)) + 1;
    } catch (const std::exception&) {
        // No project yet: start at generation 0.
    }
    try {
        for (;; ++g) {
            studio::test::saveGeneration(dir, g, data);
            std::printf("saved %d\n", g);
            std::fflush(stdout);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
