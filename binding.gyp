{
  "targets": [
    {
      "target_name": "bootgen_native",
      "sources": ["native/data-ranges.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"]
    }
  ]
}
