#ifndef TESTS_TESTING_FAULTY_FS_H_
#define TESTS_TESTING_FAULTY_FS_H_

#include <atomic>
#include <memory>

#include "rocksdb/env.h"
#include "rocksdb/file_system.h"

namespace testing_util {

// A RocksDB file system whose writes to already-open and new files fail with
// "no space" while fail_writes() is set: a full disk on demand, without root.
class FaultyFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  FaultyFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FaultyFileSystem"; }

  void set_fail_writes(bool fail) { fail_->store(fail); }

  rocksdb::IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& opts,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& fname, const std::string& old_fname,
                                      const rocksdb::FileOptions& opts,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;

 private:
  std::shared_ptr<std::atomic<bool>> fail_ = std::make_shared<std::atomic<bool>>(false);
};

// An Env over a FaultyFileSystem, for rocksdb::Options::env.
struct FaultyEnv {
  std::shared_ptr<FaultyFileSystem> fs = std::make_shared<FaultyFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
};

}  // namespace testing_util

#endif  // TESTS_TESTING_FAULTY_FS_H_
