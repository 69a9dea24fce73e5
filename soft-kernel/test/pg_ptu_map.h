/*
 * The records of a PTU file for the soft kernels' harnesses: the whole file mapped read-only and
 * the data found after the header's Header_End tag (32-byte name, index, type, value: 48 bytes).
 * Test code only; the product's readers are Java's (host/.../io).
 */
#ifndef PG_PTU_MAP_H
#define PG_PTU_MAP_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

/* Maps `path` with `flags` (MAP_SHARED or MAP_PRIVATE, | MAP_POPULATE); sets the open descriptor,
 * the byte offset of the first record and the count of whole 4-byte records. NULL after a one-line
 * error on stderr. */
static const uint8_t *ptu_map_records(const char *path, int flags, int *fd_out, int64_t *data_out,
                                      int64_t *records_out) {
    const int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(path);
        return NULL;
    }
    const uint8_t *map = mmap(NULL, (size_t) st.st_size, PROT_READ, flags, fd, 0);
    if (map == MAP_FAILED) {
        perror("mmap");
        return NULL;
    }
    const uint8_t *end = memmem(map, (size_t) st.st_size, "Header_End", 10);
    if (end == NULL) {
        fprintf(stderr, "%s: no Header_End tag\n", path);
        return NULL;
    }
    *fd_out = fd;
    *data_out = (end - map) + 48;
    *records_out = (st.st_size - *data_out) / 4;
    return map;
}

#endif
