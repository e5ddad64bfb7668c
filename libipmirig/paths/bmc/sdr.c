/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SDR cache: one file per BMC under the caller's cache directory,
 * checked on every open against one Get SDR Repository Info (version,
 * timestamps and record count), rebuilt when stale or unreadable, and
 * replaced atomically so that an interrupted download never leaves a file
 * that breaks the next run.  Without a cache directory the SDR goes into an
 * anonymous memory file that disappears with the process.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths/bmc/bmc.h"
#include "codec/sensor_map.h"

#define TMP_INFIX ".tmp-"

/* Why a cache file could not serve: the next step depends on it. */
enum cache_result { CACHE_OK, CACHE_REBUILD, CACHE_LOCAL_ERROR, CACHE_BMC_ERROR };

static enum cache_result classify(ipmi_sdr_ctx_t sdr)
{
	switch (ipmi_sdr_ctx_errnum(sdr)) {
	case IPMI_SDR_ERR_SUCCESS:
		return CACHE_OK;
	case IPMI_SDR_ERR_CACHE_READ_CACHE_DOES_NOT_EXIST:
	case IPMI_SDR_ERR_CACHE_OUT_OF_DATE:
	case IPMI_SDR_ERR_CACHE_INVALID:
	case IPMI_SDR_ERR_CACHE_READ_INITIALIZATION:
	case IPMI_SDR_ERR_PARSE_INVALID_SDR_RECORD:
	case IPMI_SDR_ERR_PARSE_INCOMPLETE_SDR_RECORD:
		return CACHE_REBUILD;
	case IPMI_SDR_ERR_IPMI_ERROR:
		return CACHE_BMC_ERROR;
	default:
		break;
	}
	return CACHE_LOCAL_ERROR;
}

/* mkdir -p with mode 0700 for what we create; existing parents are left
 * as they are. */
static int make_dirs(const char *dir)
{
	char *p = dir[0] != '\0' ? strdup(dir) : NULL;
	int rc = 0;

	if (p == NULL)
		return -1;
	for (char *s = p + 1; rc == 0; s++) {
		bool end = *s == '\0';

		if (*s != '/' && !end)
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		if (end)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}

static char *cache_path(struct bmc *b)
{
	char *name = bmc_sdr_cache_name(b->label), *path = NULL;

	if (name != NULL && asprintf(&path, "%s/%s", b->sdr_cache_dir, name) < 0)
		path = NULL;
	free(name);
	return path;
}

static int sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/*
 * Download the SDR into a temporary file beside path, make it durable,
 * then rename it over path: readers see the old file or the whole new one.
 */
static enum cache_result build_file(rig *r, struct bmc *b, const char *path)
{
	ipmi_sdr_ctx_t sdr = ipmi_sdr_ctx_create();
	enum cache_result res = CACHE_LOCAL_ERROR;
	char *tmp = NULL;
	int fd = -1;

	if (sdr == NULL || asprintf(&tmp, "%s" TMP_INFIX "XXXXXX", path) < 0)
		goto out;
	fd = mkstemp(tmp);
	if (fd < 0)
		goto out;
	close(fd);
	rig__log(r, RIG_LOG_INFO, "BMC %s: downloading the SDR into %s", b->label,
		path);
	if (ipmi_sdr_cache_create(sdr, b->ctx, tmp,
				  IPMI_SDR_CACHE_CREATE_FLAGS_OVERWRITE, NULL,
				  NULL) < 0) {
		res = classify(sdr) == CACHE_BMC_ERROR ? CACHE_BMC_ERROR
						       : CACHE_LOCAL_ERROR;
		rig__log(r, RIG_LOG_WARNING, "BMC %s: SDR download failed: %s",
			b->label, ipmi_sdr_ctx_errormsg(sdr));
		goto out;
	}
	if (sync_file(tmp) == 0 && rename(tmp, path) == 0) {
		rig__fsync_dir(b->sdr_cache_dir);
		res = CACHE_OK;
	}
out:
	if (fd >= 0 && res != CACHE_OK)
		unlink(tmp);
	free(tmp);
	ipmi_sdr_ctx_destroy(sdr);
	return res;
}

/* Open path; *sdr is a fresh context on success, NULL otherwise. */
static enum cache_result open_file(const char *path, ipmi_ctx_t check_with,
				   ipmi_sdr_ctx_t *sdr)
{
	enum cache_result res;

	*sdr = ipmi_sdr_ctx_create();
	if (*sdr == NULL)
		return CACHE_LOCAL_ERROR;
	if (ipmi_sdr_cache_open(*sdr, check_with, path) == 0)
		return CACHE_OK;
	res = classify(*sdr);
	ipmi_sdr_ctx_destroy(*sdr);
	*sdr = NULL;
	return res == CACHE_OK ? CACHE_LOCAL_ERROR : res;
}

/* What Get SDR Repository Info says, and what the cache file recorded
 * from the same command when it was written. */
struct sdr_stamp {
	uint8_t version; /* major << 4 | minor, as FreeIPMI stores it */
	uint16_t count;
	uint32_t added, erased;
};

static bool stamp_of_cache(ipmi_sdr_ctx_t sdr, struct sdr_stamp *st)
{
	return ipmi_sdr_cache_sdr_version(sdr, &st->version) == 0 &&
	       ipmi_sdr_cache_record_count(sdr, &st->count) == 0 &&
	       ipmi_sdr_cache_most_recent_addition_timestamp(sdr,
							     &st->added) == 0 &&
	       ipmi_sdr_cache_most_recent_erase_timestamp(sdr, &st->erased) == 0;
}

/* 1: *st filled; 0: no usable answer (a field missing, out of memory);
 * -1: the command failed (see ipmi_ctx_errnum). */
static int stamp_of_bmc(struct bmc *b, struct sdr_stamp *st)
{
	static const char *const names[] = {
		"sdr_version_major", "sdr_version_minor", "record_count",
		"most_recent_addition_timestamp", "most_recent_erase_timestamp"};
	fiid_obj_t rs = fiid_obj_create(tmpl_cmd_get_sdr_repository_info_rs);
	uint64_t v[5] = {0};
	int ret = 1;

	if (rs == NULL)
		return 0;
	if (ipmi_cmd_get_sdr_repository_info(b->ctx, rs) < 0)
		ret = -1;
	for (size_t i = 0; ret == 1 && i < 5; i++)
		if (fiid_obj_get(rs, names[i], &v[i]) != 1)
			ret = 0;
	fiid_obj_destroy(rs);
	st->version = (uint8_t)(v[0] << 4 | v[1]);
	st->count = (uint16_t)v[2];
	st->added = (uint32_t)v[3];
	st->erased = (uint32_t)v[4];
	return ret;
}

static bool stamps_equal(const struct sdr_stamp *a, const struct sdr_stamp *b)
{
	return a->version == b->version && a->count == b->count &&
	       a->added == b->added && a->erased == b->erased;
}

/*
 * Whether the cache opened in *sdr (without FreeIPMI's own check) still
 * describes the BMC's repository, for one Get SDR Repository Info.
 * FreeIPMI's check compares the version and the add/erase timestamps;
 * the timestamps have a resolution of one second (two changes within a
 * second look like one) and some BMCs never advance them, so the record
 * count is compared too.  A BMC that refuses the command (some keep
 * their sensors in a device SDR) gets FreeIPMI's check, which knows
 * that case; a lost session is an error, not a reason to download.
 */
static enum cache_result check_fresh(struct bmc *b, const char *path,
				     ipmi_sdr_ctx_t *sdr)
{
	struct sdr_stamp bmc = {0}, cached = {0};
	int got = stamp_of_bmc(b, &bmc);

	if (got > 0 && stamp_of_cache(*sdr, &cached) &&
	    stamps_equal(&bmc, &cached))
		return CACHE_OK;
	bmc_sdr_close(*sdr);
	*sdr = NULL;
	if (got >= 0)
		return CACHE_REBUILD;
	if (!bmc_answered(b))
		return CACHE_BMC_ERROR;
	return open_file(path, b->ctx, sdr);
}

static enum cache_result open_cached(rig *r, struct bmc *b, ipmi_sdr_ctx_t *sdr)
{
	char *path = cache_path(b);
	enum cache_result res;

	*sdr = NULL;
	if (path == NULL || make_dirs(b->sdr_cache_dir) != 0) {
		rig__log(r, RIG_LOG_WARNING, "cannot use SDR cache directory %s: %s",
			b->sdr_cache_dir, strerror(errno));
		free(path);
		return CACHE_LOCAL_ERROR;
	}
	/* The file alone first (format, checksums: a truncated or garbage
	 * file is rebuilt), then one question to the BMC. */
	res = open_file(path, NULL, sdr);
	if (res == CACHE_OK)
		res = check_fresh(b, path, sdr);
	if (res == CACHE_REBUILD) {
		rig__log(r, RIG_LOG_INFO, "BMC %s: SDR cache %s missing, stale or "
					 "damaged: rebuilding it", b->label, path);
		res = build_file(r, b, path);
		/* Just written from this BMC: no need to ask it again. */
		if (res == CACHE_OK)
			res = open_file(path, NULL, sdr);
	}
	if (res == CACHE_LOCAL_ERROR)
		rig__log(r, RIG_LOG_WARNING, "BMC %s: SDR cache %s unusable (%s): "
					    "reading the SDR without a cache",
			b->label, path, strerror(errno));
	free(path);
	return res;
}

/* No cache directory (or an unusable one): an anonymous memory file that
 * FreeIPMI can open by its /proc name, gone when the process ends. */
static enum cache_result open_in_memory(rig *r, struct bmc *b,
					ipmi_sdr_ctx_t *sdr)
{
	ipmi_sdr_ctx_t build = ipmi_sdr_ctx_create();
	enum cache_result res = CACHE_LOCAL_ERROR;
	int fd = memfd_create("rig-sdr", MFD_CLOEXEC);
	char path[64];

	*sdr = NULL;
	if (build == NULL || fd < 0)
		goto out;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rig__log(r, RIG_LOG_DEBUG, "BMC %s: reading the SDR (no cache)", b->label);
	if (ipmi_sdr_cache_create(build, b->ctx, path,
				  IPMI_SDR_CACHE_CREATE_FLAGS_OVERWRITE, NULL,
				  NULL) < 0) {
		res = classify(build) == CACHE_BMC_ERROR ? CACHE_BMC_ERROR
							 : CACHE_LOCAL_ERROR;
		goto out;
	}
	/* FreeIPMI keeps its own descriptor of the open cache. */
	res = open_file(path, NULL, sdr);
out:
	if (fd >= 0)
		close(fd);
	ipmi_sdr_ctx_destroy(build);
	return res;
}

rig_status bmc_sdr_open(rig *r, struct bmc *b, ipmi_sdr_ctx_t *out)
{
	enum cache_result res = CACHE_LOCAL_ERROR;

	*out = NULL;
	if (b->sdr_cache_dir != NULL)
		res = open_cached(r, b, out);
	if (res == CACHE_LOCAL_ERROR)
		res = open_in_memory(r, b, out);
	if (res == CACHE_OK)
		return RIG_OK;
	if (res == CACHE_BMC_ERROR)
		return bmc_error(r, b, "reading the SDR");
	return rig__fail(r, RIG_PATH_BMC, RIG_E_IO,
			"BMC %s: cannot keep a copy of the SDR, neither in %s "
			"nor in memory: %s", b->label,
			b->sdr_cache_dir != NULL ? b->sdr_cache_dir : "(no cache dir)",
			strerror(errno));
}

void bmc_sdr_close(ipmi_sdr_ctx_t sdr)
{
	if (sdr == NULL)
		return;
	(void)ipmi_sdr_cache_close(sdr);
	ipmi_sdr_ctx_destroy(sdr);
}

/* Leftovers of downloads that were killed before their rename. */
static void remove_temporaries(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = strlen(name);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, name, n) == 0 &&
		    strncmp(e->d_name + n, TMP_INFIX, strlen(TMP_INFIX)) == 0)
			(void)unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

rig_status bmc_sdr_flush(rig *r, void *priv)
{
	struct bmc *b = priv;
	char *name, *path;

	if (b->sdr_cache_dir == NULL)
		return RIG_OK; /* nothing is kept */
	name = bmc_sdr_cache_name(b->label);
	path = cache_path(b);
	if (name == NULL || path == NULL) {
		free(name);
		free(path);
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	}
	remove_temporaries(b->sdr_cache_dir, name);
	free(name);
	if (unlink(path) != 0 && errno != ENOENT) {
		rig_status rc = rig__fail(r, RIG_PATH_BMC, RIG_E_IO,
					 "cannot remove SDR cache %s: %s", path,
					 strerror(errno));

		free(path);
		return rc;
	}
	rig__log(r, RIG_LOG_INFO, "BMC %s: SDR cache %s dropped", b->label, path);
	rig__fsync_dir(b->sdr_cache_dir);
	free(path);
	return RIG_OK;
}
