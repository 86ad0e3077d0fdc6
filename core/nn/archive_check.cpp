#include "nn/archive_check.h"

#include "base/error.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>

namespace studio {

std::string shapeText(c10::IntArrayRef sizes) {
    std::string out = "[";
    for (std::size_t i = 0; i < sizes.size(); ++i) out += (i ? ", " : "") + std::to_string(sizes[i]);
    return out + "]";
}

namespace {

// Little-endian fields of the ZIP format (APPNOTE 6.3), read with bounds checks.
class ZipBytes {
public:
    ZipBytes(const std::string& bytes, const std::string& what) : b_(bytes), what_(what) {}

    std::uint64_t at(std::uint64_t offset, int width) const {
        if (offset > b_.size() || b_.size() - offset < std::uint64_t(width)) fail("a record runs past the end");
        std::uint64_t v = 0;
        for (int i = width - 1; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(b_[offset + i]);
        return v;
    }

    [[noreturn]] void fail(const std::string& why) const {
        throw DataError(what_ + ": the file is damaged (" + why + ")");
    }

    std::uint64_t size() const { return b_.size(); }
    const std::string& bytes() const { return b_; }

private:
    const std::string& b_;
    const std::string& what_;
};

constexpr std::uint32_t kEnd = 0x06054b50, kEnd64 = 0x06064b50, kEnd64Locator = 0x07064b50;
constexpr std::uint32_t kCentral = 0x02014b50, kLocal = 0x04034b50;

std::uint64_t crcOf(const Bytef* data, std::uint64_t size) {
    uLong sum = crc32(0L, Z_NULL, 0);
    for (std::uint64_t done = 0; done < size;) {
        const uInt chunk = static_cast<uInt>(std::min<std::uint64_t>(size - done, 1u << 30));
        sum = crc32(sum, data + done, chunk);
        done += chunk;
    }
    return sum;
}

}  // namespace

void checkArchiveIntegrity(const std::string& path, const std::string& what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(what + ": cannot be opened");
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const ZipBytes z(bytes, what);
    // The end of central directory record: the last one within the final 64 KiB + 22 bytes.
    if (z.size() < 22) z.fail("too short for a ZIP archive");
    std::uint64_t end = z.size() - 22;
    const std::uint64_t lowest = z.size() > 65557 ? z.size() - 65557 : 0;
    while (z.at(end, 4) != kEnd) {
        if (end == lowest) z.fail("no end of central directory");
        --end;
    }
    std::uint64_t entries = z.at(end + 10, 2), centralSize = z.at(end + 12, 4), central = z.at(end + 16, 4);
    if (end >= 20 && z.at(end - 20, 4) == kEnd64Locator) {
        const std::uint64_t end64 = z.at(end - 20 + 8, 8);
        if (z.at(end64, 4) != kEnd64) z.fail("a broken ZIP64 end record");
        entries = z.at(end64 + 32, 8), centralSize = z.at(end64 + 40, 8), central = z.at(end64 + 48, 8);
    }
    if (central > z.size() || centralSize > z.size() - central) z.fail("the central directory lies outside the file");
    std::uint64_t p = central;
    for (std::uint64_t i = 0; i < entries; ++i) {
        if (z.at(p, 4) != kCentral) z.fail("entry " + std::to_string(i) + " of the central directory is broken");
        const std::uint64_t method = z.at(p + 10, 2), crc = z.at(p + 16, 4);
        std::uint64_t stored = z.at(p + 20, 4), size = z.at(p + 24, 4), local = z.at(p + 42, 4);
        const std::uint64_t nameLength = z.at(p + 28, 2), extraLength = z.at(p + 30, 2), commentLength = z.at(p + 32, 2);
        // ZIP64: the sizes and the offset that do not fit 32 bits are in extra field 0x0001.
        for (std::uint64_t e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength;) {
            const std::uint64_t id = z.at(e, 2), length = z.at(e + 2, 2);
            std::uint64_t field = e + 4;
            if (id == 0x0001) {
                if (size == 0xFFFFFFFF) size = z.at(field, 8), field += 8;
                if (stored == 0xFFFFFFFF) stored = z.at(field, 8), field += 8;
                if (local == 0xFFFFFFFF) local = z.at(field, 8);
            }
            e += 4 + length;
        }
        const std::string entry = "entry " + std::to_string(i);
        if (z.at(local, 4) != kLocal) z.fail(entry + " has no local header");
        const std::uint64_t data = local + 30 + z.at(local + 26, 2) + z.at(local + 28, 2);
        if (data > z.size() || stored > z.size() - data) z.fail(entry + " runs past the end");
        const Bytef* first = reinterpret_cast<const Bytef*>(z.bytes().data() + data);
        if (method == 0) {  // stored: the tensors' data
            if (stored != size) z.fail(entry + " has two sizes");
            if (crcOf(first, size) != crc) z.fail(entry + " does not match its checksum");
        } else if (method == 8) {  // deflated: LibTorch's writer compresses some code records
            // Deflate expands nothing more than 1032 times; a larger claim is damage.
            if (size > 1032 * stored + 1024 || size > (std::uint64_t(1) << 32)) z.fail(entry + " claims an impossible size");
            std::string out(static_cast<std::size_t>(size), '\0');
            z_stream s{};
            if (inflateInit2(&s, -MAX_WBITS) != Z_OK) z.fail("zlib cannot start");
            s.next_in = const_cast<Bytef*>(first);
            s.avail_in = static_cast<uInt>(stored);
            s.next_out = reinterpret_cast<Bytef*>(out.data());
            s.avail_out = static_cast<uInt>(size);
            const int result = inflate(&s, Z_FINISH);
            const bool whole = result == Z_STREAM_END && s.total_out == size;
            inflateEnd(&s);
            if (!whole || crcOf(reinterpret_cast<const Bytef*>(out.data()), size) != crc)
                z.fail(entry + " does not inflate to its checksum");
        } else {
            z.fail(entry + " uses compression method " + std::to_string(method));
        }
        p += 46 + nameLength + extraLength + commentLength;
    }
}

void checkArchiveFits(torch::nn::Module& module, torch::serialize::InputArchive& archive, const std::string& prefix,
                      const std::string& path) {
    const auto params = module.named_parameters(/*recurse=*/false);
    const auto buffers = module.named_buffers(/*recurse=*/false);
    const auto children = module.named_children();
    const std::string another = "; these weights come from another model (other layers, sizes or head), not the "
                                "one project.json describes";
    const std::vector<std::string> keys = archive.keys();
    for (const std::string& key : keys) {
        const torch::Tensor* mine = params.find(key);
        if (!mine) mine = buffers.find(key);
        if (mine) {
            torch::Tensor stored;
            if (archive.try_read(key, stored, buffers.find(key) != nullptr) && stored.sizes() != mine->sizes())
                throw DataError(path + ": '" + prefix + key + "' has shape " + shapeText(stored.sizes()) +
                                ", the project's network needs " + shapeText(mine->sizes()) + another);
        } else if (children.contains(key)) {
            torch::serialize::InputArchive child;
            if (archive.try_read(key, child)) checkArchiveFits(*children[key], child, prefix + key + ".", path);
        } else {
            throw DataError(path + ": holds '" + prefix + key + "', which the project's network does not have" + another);
        }
    }
    for (const auto& p : params)
        if (std::find(keys.begin(), keys.end(), p.key()) == keys.end())
            throw DataError(path + ": lacks '" + prefix + p.key() + "' of the project's network" + another);
}

}  // namespace studio
