#include "base/sha256.h"

#include "base/error.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

namespace studio {

namespace {

// OpenSSL's EVP digest, fed in pieces so that files are hashed without holding them in memory.
class Sha256 {
public:
    Sha256() : context_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
        if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1)
            throw Error("SHA-256: OpenSSL could not start a digest");
    }

    void update(const void* data, std::size_t size) {
        if (EVP_DigestUpdate(context_.get(), data, size) != 1) throw Error("SHA-256: OpenSSL could not hash");
    }

    std::string hexDigest() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int size = 0;
        if (EVP_DigestFinal_ex(context_.get(), digest, &size) != 1)
            throw Error("SHA-256: OpenSSL could not finish the digest");
        static const char kHex[] = "0123456789abcdef";
        std::string hex;
        hex.reserve(2 * size);
        for (unsigned int i = 0; i < size; ++i) {
            hex.push_back(kHex[digest[i] >> 4]);
            hex.push_back(kHex[digest[i] & 15]);
        }
        return hex;
    }

private:
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context_;
};

}  // namespace

std::string sha256Hex(const std::string& bytes) {
    Sha256 hash;
    hash.update(bytes.data(), bytes.size());
    return hash.hexDigest();
}

std::string sha256File(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw DataError(path + ": is a directory; expected a file to hash");
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) throw DataError(path + ": cannot be opened (" + std::generic_category().message(errno) + ")");
    Sha256 hash;
    unsigned char buffer[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) hash.update(buffer, got);
    if (std::ferror(file.get()))
        throw DataError(path + ": cannot be read (" + std::generic_category().message(errno) + ")");
    return hash.hexDigest();
}

}  // namespace studio
