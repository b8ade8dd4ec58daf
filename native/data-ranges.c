/*
 * bootgen's one native helper: the data ranges of a sparse file, found with lseek(2) SEEK_DATA /
 * SEEK_HOLE (Linux 3.1+, POSIX.1-2024). Node has no lseek, and reading a hole costs as much as
 * reading data (the kernel fills page cache with zeros), so without this a 4 GiB sparse VHD takes
 * seconds to copy instead of milliseconds. Returns [offset, length, offset, length, ...] in file
 * order; throws with errno when the file system cannot say (io/data-ranges.ts then reads it all).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <node_api.h>
#include <string.h>
#include <unistd.h>

static napi_value fail(napi_env env, const char *what) {
  char message[160];
  snprintf(message, sizeof message, "%s: %s", what, strerror(errno));
  napi_throw_error(env, NULL, message);
  return NULL;
}

static napi_value data_ranges(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t fd = -1;
  double size_d = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 ||
      napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_get_value_double(env, argv[1], &size_d) != napi_ok) {
    napi_throw_type_error(env, NULL, "dataRanges(fd, size)");
    return NULL;
  }
  const off_t size = (off_t)size_d;
  napi_value out;
  napi_create_array(env, &out);
  uint32_t n = 0;
  for (off_t pos = 0; pos < size;) {
    const off_t data = lseek(fd, pos, SEEK_DATA);
    if (data < 0) {
      if (errno == ENXIO) break; /* only a hole from pos to the end */
      return fail(env, "lseek(SEEK_DATA)");
    }
    off_t hole = lseek(fd, data, SEEK_HOLE);
    if (hole < 0) return fail(env, "lseek(SEEK_HOLE)");
    if (hole > size) hole = size;
    napi_value offset, length;
    napi_create_double(env, (double)data, &offset);
    napi_create_double(env, (double)(hole - data), &length);
    napi_set_element(env, out, n++, offset);
    napi_set_element(env, out, n++, length);
    pos = hole;
  }
  return out;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "dataRanges", NAPI_AUTO_LENGTH, data_ranges, NULL, &fn);
  napi_set_named_property(env, exports, "dataRanges", fn);
  return exports;
}
