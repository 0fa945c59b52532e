/*
 * dfc-probe: the probe's workload in one process.
 *
 * The shell probe (src/probe/script.ts) runs every operation in its own
 * busybox process; inside a sandbox each fork costs about 10 ms, which made
 * the workload most of a run's cost. This program makes the same system
 * calls in the same order from one process and prints the same protocol
 * (src/probe/protocol.ts): the mountinfo block, one DFC-OP line per
 * operation, DFC-END. Which operations pass or fail must be the same as the
 * shell probe's; only the failure details are worded differently (they are
 * informational, nothing compares them). src/probe/native.test.ts runs both
 * on the same plans and compares.
 *
 * Usage: dfc-probe DATA TRUNCATED SEED_FILE SEED_LINE GROUP...
 *   rwdir INDEX DEST FILE DIR MOVED LINK LINK_TARGET
 *   rodir INDEX DEST DENIED
 *   rwfile INDEX DEST
 *   rofile INDEX DEST
 * Names are relative to DEST, as the shell probe's workload calls take them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DETAIL_MAX 8192
#define PATH_MAX_LEN 4096
#define LINE_MAX_LEN 4096

static const char *data, *truncated, *seed_file, *seed_line;

/* The failure detail of the current operation; empty means it passed. */
static char detail[DETAIL_MAX];

static void fail_errno(const char *what, const char *path) {
  snprintf(detail, sizeof detail, "%s '%s': %s", what, path, strerror(errno));
}

static void report(const char *index, const char *dest, const char *op) {
  if (detail[0] == '\0')
    printf("DFC-OP %s %s %s ok\n", index, dest, op);
  else
    printf("DFC-OP %s %s %s fail %s\n", index, dest, op, detail);
  detail[0] = '\0';
}

static void join(char *out, const char *dir, const char *name) {
  snprintf(out, PATH_MAX_LEN, "%s/%s", dir, name);
}

/* `: > path` or `echo TEXT > path`: create or truncate, then write TEXT and a newline. */
static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) {
    fail_errno("open", path);
    return -1;
  }
  int rc = 0;
  if (text != NULL) {
    char line[LINE_MAX_LEN];
    int n = snprintf(line, sizeof line, "%s\n", text);
    if (write(fd, line, (size_t)n) != n) {
      fail_errno("write", path);
      rc = -1;
    }
  }
  if (close(fd) != 0 && rc == 0) {
    fail_errno("close", path);
    rc = -1;
  }
  return rc;
}

/* Reads at most size-1 bytes of path into buf (NUL-terminated); returns the count or -1. */
static ssize_t read_head(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fail_errno("open", path);
    return -1;
  }
  size_t got = 0;
  while (got < size - 1) {
    ssize_t n = read(fd, buf + got, size - 1 - got);
    if (n < 0) {
      fail_errno("read", path);
      close(fd);
      return -1;
    }
    if (n == 0) break;
    got += (size_t)n;
  }
  close(fd);
  buf[got] = '\0';
  return (ssize_t)got;
}

/* `cat path`: opens and reads the whole file. */
static void read_all(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fail_errno("open", path);
    return;
  }
  char buf[LINE_MAX_LEN];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) {
  }
  if (n < 0) fail_errno("read", path);
  close(fd);
}

/* The first line is `want`; an empty file has no first line. */
static void first_line_is(const char *path, const char *want) {
  char buf[LINE_MAX_LEN];
  ssize_t n = read_head(path, buf, sizeof buf);
  if (n < 0) return;
  if (n == 0) {
    snprintf(detail, sizeof detail, "cannot read %s", path);
    return;
  }
  buf[strcspn(buf, "\n")] = '\0';
  if (strcmp(buf, want) != 0) snprintf(detail, sizeof detail, "first line is '%s'", buf);
}

/* The whole content is `want`, with no newline. */
static void content_is(const char *path, const char *want) {
  char buf[LINE_MAX_LEN];
  ssize_t n = read_head(path, buf, sizeof buf);
  if (n < 0) return;
  if (strchr(buf, '\n') != NULL)
    snprintf(detail, sizeof detail, "more than one line");
  else if (strcmp(buf, want) != 0)
    snprintf(detail, sizeof detail, "content is '%s'", buf);
}

/* A directory listing of dir names every one of names[0..count). */
static void lists(const char *dir, const char *const *names, int count) {
  DIR *d = opendir(dir);
  if (d == NULL) {
    fail_errno("opendir", dir);
    return;
  }
  int found[8] = {0};
  struct dirent *e;
  errno = 0;
  while ((e = readdir(d)) != NULL)
    for (int i = 0; i < count; i++)
      if (strcmp(e->d_name, names[i]) == 0) found[i] = 1;
  if (errno != 0) fail_errno("readdir", dir);
  closedir(d);
  if (detail[0] != '\0') return;
  for (int i = 0; i < count; i++)
    if (!found[i]) {
      snprintf(detail, sizeof detail, "%s not listed", names[i]);
      return;
    }
}

/* Writing must fail: a write that succeeds is the failure. */
static void write_denied(const char *path, const char *text) {
  if (write_file(path, text) == 0)
    snprintf(detail, sizeof detail, "write succeeded");
  else
    detail[0] = '\0';
}

static void rwdir(char **a) {
  const char *ix = a[0], *dest = a[1];
  char file[PATH_MAX_LEN], dir[PATH_MAX_LEN], moved[PATH_MAX_LEN], link[PATH_MAX_LEN], got[PATH_MAX_LEN];
  join(file, dest, a[2]);
  join(dir, dest, a[3]);
  join(moved, dest, a[4]);
  join(link, dest, a[5]);
  const char *link_target = a[6];

  write_file(file, NULL);
  report(ix, dest, "create");
  write_file(file, data);
  report(ix, dest, "write");
  first_line_is(file, data);
  report(ix, dest, "read");
  if (mkdir(dir, 0777) != 0) fail_errno("mkdir", dir);
  report(ix, dest, "mkdir");
  const char *names[] = {a[2], a[3]};
  lists(dest, names, 2);
  report(ix, dest, "readdir");
  if (rename(file, moved) != 0) fail_errno("rename", file);
  report(ix, dest, "rename");
  if (symlink(link_target, link) != 0) {
    fail_errno("symlink", link);
  } else {
    ssize_t n = readlink(link, got, sizeof got - 1);
    if (n < 0) {
      fail_errno("readlink", link);
    } else {
      got[n] = '\0';
      if (strcmp(got, link_target) != 0) snprintf(detail, sizeof detail, "readlink gives '%s'", got);
    }
  }
  report(ix, dest, "symlink");
  if (truncate(moved, (off_t)strlen(truncated)) != 0)
    fail_errno("truncate", moved);
  else
    content_is(moved, truncated);
  report(ix, dest, "truncate");
  struct stat st;
  if (unlink(link) != 0)
    fail_errno("unlink", link);
  else if (lstat(link, &st) == 0)
    snprintf(detail, sizeof detail, "still exists");
  report(ix, dest, "unlink");
}

static void rodir(char **a) {
  const char *ix = a[0], *dest = a[1];
  char seed[PATH_MAX_LEN], denied[PATH_MAX_LEN];
  join(seed, dest, seed_file);
  join(denied, dest, a[2]);
  first_line_is(seed, seed_line);
  report(ix, dest, "read");
  const char *names[] = {seed_file};
  lists(dest, names, 1);
  report(ix, dest, "readdir");
  write_denied(denied, NULL);
  report(ix, dest, "write-denied");
}

static void rwfile(char **a) {
  const char *ix = a[0], *dest = a[1];
  read_all(dest);
  report(ix, dest, "read");
  write_file(dest, data);
  report(ix, dest, "write");
  first_line_is(dest, data);
  report(ix, dest, "readback");
}

static void rofile(char **a) {
  const char *ix = a[0], *dest = a[1];
  read_all(dest);
  report(ix, dest, "read");
  write_denied(dest, "x");
  report(ix, dest, "write-denied");
}

/* Copies /proc/self/mountinfo between the markers; an unreadable one leaves the block empty. */
static void print_mountinfo(void) {
  puts("DFC-MOUNTINFO-BEGIN");
  fflush(stdout);
  int fd = open("/proc/self/mountinfo", O_RDONLY);
  if (fd < 0) {
    fprintf(stderr, "dfc-probe: cannot open /proc/self/mountinfo: %s\n", strerror(errno));
  } else {
    char buf[65536];
    ssize_t n;
    char last = '\n';
    while ((n = read(fd, buf, sizeof buf)) > 0) {
      fwrite(buf, 1, (size_t)n, stdout);
      last = buf[n - 1];
    }
    if (last != '\n') putchar('\n');
    close(fd);
  }
  puts("DFC-MOUNTINFO-END");
}

struct group {
  const char *name;
  int argc;
  void (*run)(char **);
};

static const struct group GROUPS[] = {
    {"rwdir", 7, rwdir},
    {"rodir", 3, rodir},
    {"rwfile", 2, rwfile},
    {"rofile", 2, rofile},
};

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: dfc-probe DATA TRUNCATED SEED_FILE SEED_LINE GROUP...\n");
    return 2;
  }
  /* Line-buffered: a sandbox that dies mid-workload still shows the lines before it. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  data = argv[1];
  truncated = argv[2];
  seed_file = argv[3];
  seed_line = argv[4];
  print_mountinfo();
  for (int i = 5; i < argc;) {
    const struct group *g = NULL;
    for (size_t k = 0; k < sizeof GROUPS / sizeof GROUPS[0]; k++)
      if (strcmp(argv[i], GROUPS[k].name) == 0) g = &GROUPS[k];
    if (g == NULL || i + 1 + g->argc > argc) {
      fprintf(stderr, "dfc-probe: bad workload group at argument %d: %s\n", i, argv[i]);
      return 2;
    }
    g->run(argv + i + 1);
    i += 1 + g->argc;
  }
  puts("DFC-END");
  return 0;
}
