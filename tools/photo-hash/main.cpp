// reunite-photo-hash: PDQ perceptual hashes of the photos in records (or of image paths).
// Options → PhotoHashOptions → hash_record_photos() / hash_path_list().
#include <memory>

#include "photo_hashing.h"
#include "reunite/error.h"
#include "reunite/line_reader.h"
#include "reunite/tool.h"

namespace {

constexpr const char* kExamples = R"(Examples:
  reunite-photo-hash --photo-root /data/photos cases.jsonl > hashed.jsonl
      add photo_hashes (pdq, quality, width, height) to every record with photos
  reunite-photo-hash --paths --dihedral -j 2 a.jpg b.png
      one photo record per image, with the 8 rotation/mirror hashes
  find photos -name '*.jpg' | reunite-photo-hash --paths --mode fast > photos.jsonl
      paths on stdin, hashed quickly (luma-only JPEG decoding; not canonical)
Modes: exact = canonical PDQ (Meta's Python library, HMA); cli = the reference C++ tool,
which squashes images over 512 px to 512x512 first; fast = exact hashing of a cheaper decode.)";

using reunite::photo::PathSource;

// Paths from the arguments, or one per line on stdin when there are none (or "-").
PathSource path_source(const std::vector<std::string>& arguments, std::size_t max_line_bytes) {
  if (!arguments.empty() && !(arguments.size() == 1 && arguments[0] == "-")) {
    auto next = std::make_shared<std::size_t>(0);
    return PathSource{[arguments, next](std::string& path) {
                        if (*next >= arguments.size()) return false;
                        path = arguments[(*next)++];
                        return true;
                      },
                      "<arguments>"};
  }
  auto input = std::make_shared<reunite::InputFile>("-");
  auto lines = std::make_shared<reunite::LineReader>(*input, max_line_bytes);
  return PathSource{[input, lines](std::string& path) {
                      for (reunite::Line line; lines->next(line);) {
                        if (line.text.empty()) continue;
                        path.assign(line.text);
                        return true;
                      }
                      return false;
                    },
                    input->name()};
}

}  // namespace

int main(int argc, char** argv) {
  reunite::Tool tool("reunite-photo-hash",
                     "Adds PDQ perceptual hashes of photos to records, or hashes image files.",
                     kExamples);
  CLI::App& app = tool.app();
  reunite::photo::PhotoHashOptions options;
  std::string mode = "exact";
  bool paths = false;
  app.add_option("--mode", mode, "exact (canonical PDQ), cli (reference C++ tool) or fast")
      ->check(CLI::IsMember({"exact", "cli", "fast"}))
      ->default_str("exact");
  app.add_flag("--dihedral", options.dihedral,
               "Also the hashes of the 3 rotations and 4 mirrors, as pdq_dihedral");
  app.add_flag("--paths", paths, "Inputs are image paths (arguments, or lines on stdin)");
  app.add_option("--photo-root", options.photo_root, "Directory photo paths are relative to")
      ->type_name("DIR")
      ->default_str(".");
  app.add_option("--max-pixels", options.decode.max_pixels,
                 "Reject images with more pixels than this, before decoding")
      ->default_str("100000000");
  app.add_option("-j,--threads", options.threads, "Hash on N threads (output order is kept)")
      ->check(CLI::Range(1, 1024))
      ->type_name("N");

  return tool.run(argc, argv, [&](reunite::Tool& t) {
    options.mode = *reunite::photo::parse_pdq_mode(mode);
    if (!paths) {
      auto reader = t.records();
      reunite::photo::hash_record_photos(reader, t.writer(), t.stats(), options);
      return;
    }
    PathSource source = path_source(t.options().inputs, t.options().max_line_bytes);
    reunite::photo::hash_path_list(source, t.writer(), t.rejects(), t.stats(), options);
  });
}
