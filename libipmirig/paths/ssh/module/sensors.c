/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sensors from the probe: hwmon attributes grouped into sensors keyed by
 * chip name and label, and one set of GPU sensors per nvidia-smi line,
 * with the riser check.  Pure: records in, rig_sensor items out.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/bytes.h"
#include "paths/ssh/module/ssh.h"

/* A list being built, and whether an allocation failed on the way. */
struct build {
	rig_sensor_list list;
	bool nomem;
};

static char *dupf(struct build *b, const char *fmt, ...) RIG_PRINTF(2, 3);

static char *dupf(struct build *b, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->nomem = true;
		return NULL;
	}
	return s;
}

static char *sdup(struct build *b, const char *s)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = strdup(s);
	if (d == NULL)
		b->nomem = true;
	return d;
}

static rig_sensor *add(struct build *b, rig_sensor_type type, const char *unit)
{
	rig_sensor *s = rig__sensor_list_add(&b->list);

	if (s == NULL) {
		b->nomem = true;
		return NULL;
	}
	s->type = type;
	s->source = RIG_PATH_SSH;
	s->unit = sdup(b, unit);
	return s;
}

static void no_reading(struct build *b, rig_sensor *s, const char *reason,
		       rig_state state)
{
	s->has_reading = false;
	s->reason = sdup(b, reason);
	s->state = state;
}

static bool to_number(const char *text, double *v)
{
	char *stop;
	double d;

	if (text == NULL || text[0] == '\0' || text[0] == '!')
		return false;
	errno = 0;
	d = strtod(text, &stop);
	while (*stop == ' ')
		stop++;
	if (stop == text || *stop != '\0' || errno != 0 || !isfinite(d))
		return false;
	*v = d;
	return true;
}

/* State from the thresholds present: upper at or above, lower below; a
 * non-recoverable one is critical too (rig_state has nothing worse). */
static void judge(rig_sensor *s)
{
	const double *t = s->thresholds;
	uint32_t set = s->thresholds_set;

	s->state = RIG_STATE_OK;
	if ((((set >> RIG_THRESH_UCR) & 1u) && s->reading >= t[RIG_THRESH_UCR]) ||
	    (((set >> RIG_THRESH_UNR) & 1u) && s->reading >= t[RIG_THRESH_UNR]) ||
	    (((set >> RIG_THRESH_LNR) & 1u) && s->reading < t[RIG_THRESH_LNR]))
		s->state = RIG_STATE_CRITICAL;
	else if (((set >> RIG_THRESH_LCR) & 1u) &&
		 s->reading < t[RIG_THRESH_LCR])
		s->state = RIG_STATE_CRITICAL;
	else if (((set >> RIG_THRESH_UNC) & 1u) &&
		 s->reading >= t[RIG_THRESH_UNC])
		s->state = RIG_STATE_WARNING;
	else if (((set >> RIG_THRESH_LNC) & 1u) &&
		 s->reading < t[RIG_THRESH_LNC])
		s->state = RIG_STATE_WARNING;
}

/* ------------------------------------------------------------ hwmon */

enum hw_attr { A_INPUT, A_AVERAGE, A_LABEL, A_MIN, A_MAX, A_LCRIT, A_CRIT,
	       A_COUNT };

static const char *const attr_names[A_COUNT] = {
	"input", "average", "label", "min", "max", "lcrit", "crit"};

struct hw_group {
	const char *dir, *chip;
	char base[24];        /* "temp1" */
	unsigned int ordinal; /* among hwmon dirs with the same chip name */
	const char *attr[A_COUNT];
};

static const struct {
	const char *prefix;
	rig_sensor_type type;
	const char *unit;
	double scale;
} hw_kinds[] = {
	{"temp", RIG_SENSOR_TEMPERATURE, "C", 1000.0},
	{"fan", RIG_SENSOR_FAN, "RPM", 1.0},
	{"in", RIG_SENSOR_VOLTAGE, "V", 1000.0},
	{"curr", RIG_SENSOR_CURRENT, "A", 1000.0},
	{"power", RIG_SENSOR_POWER, "W", 1000000.0},
};

static int hw_kind(const char *base)
{
	for (size_t i = 0; i < ARRAY_SIZE(hw_kinds); i++) {
		size_t n = strlen(hw_kinds[i].prefix);

		if (strncmp(base, hw_kinds[i].prefix, n) == 0 && base[n] >= '0' &&
		    base[n] <= '9')
			return (int)i;
	}
	return -1;
}

/* Which instance of its chip name a hwmon directory is (1, 2...), in the
 * order the probe listed them. */
static unsigned int chip_ordinal(const struct probe *p, size_t upto,
				 const char *dir, const char *chip)
{
	unsigned int n = 1;
	const char *prev = NULL;

	for (size_t i = 0; i < upto; i++) {
		const struct probe_rec *r = &p->recs[i];

		if (strcmp(r->kind, "hw") != 0 || strcmp(r->f[1], chip) != 0 ||
		    strcmp(r->f[0], dir) == 0)
			continue;
		if (prev == NULL || strcmp(prev, r->f[0]) != 0)
			n++;
		prev = r->f[0];
	}
	return n;
}

static struct hw_group *hw_group_of(struct hw_group **gs, size_t *n,
				    const char *dir, const char *chip,
				    const char *base, size_t blen)
{
	struct hw_group *g;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*gs)[i].dir, dir) == 0 &&
		    strlen((*gs)[i].base) == blen &&
		    strncmp((*gs)[i].base, base, blen) == 0)
			return &(*gs)[i];
	g = realloc(*gs, (*n + 1) * sizeof(*g));
	if (g == NULL)
		return NULL;
	*gs = g;
	g = &g[(*n)++];
	memset(g, 0, sizeof(*g));
	g->dir = dir;
	g->chip = chip;
	memcpy(g->base, base, blen);
	return g;
}

static rig_status hw_collect(const struct probe *p, struct hw_group **gs,
			     size_t *n)
{
	for (size_t i = 0; i < p->count; i++) {
		const struct probe_rec *r = &p->recs[i];
		const char *us;
		struct hw_group *g;
		size_t blen;
		int a;

		if (strcmp(r->kind, "hw") != 0)
			continue;
		us = strchr(r->f[2], '_');
		blen = us != NULL ? (size_t)(us - r->f[2]) : 0;
		if (us == NULL || blen >= sizeof(g->base) || hw_kind(r->f[2]) < 0)
			continue; /* not a sensor attribute we know */
		for (a = 0; a < A_COUNT; a++)
			if (strcmp(us + 1, attr_names[a]) == 0)
				break;
		if (a == A_COUNT)
			continue;
		g = hw_group_of(gs, n, r->f[0], r->f[1], r->f[2], blen);
		if (g == NULL)
			return RIG_E_NOMEM;
		if (g->ordinal == 0)
			g->ordinal = chip_ordinal(p, i, r->f[0], r->f[1]);
		g->attr[a] = r->f[3];
	}
	return RIG_OK;
}

static void hw_threshold(rig_sensor *s, const char *text, double scale,
			 enum rig_threshold t)
{
	double v;

	if (!to_number(text, &v))
		return;
	/* Drivers report 0 for limits nobody set: an upper limit of 0 would
	 * flag every reading. */
	if (v <= 0 && (t == RIG_THRESH_UNC || t == RIG_THRESH_UCR))
		return;
	/* A temperature limit at 0 K or at 65535 K (nvme: "low = -273.1 C",
	 * "high = +65261.8 C") is the driver saying "none". */
	if (s->type == RIG_SENSOR_TEMPERATURE &&
	    (v <= -273000.0 || v >= 65261000.0))
		return;
	s->thresholds[t] = v / scale;
	s->thresholds_set |= 1u << t;
}

/* Are this sensor's _min and _max limits someone set?  Not on nct6687
 * (out-of-tree nct6687d, common on MSI boards): they hold the lowest and
 * highest readings since the driver loaded.  Not when both are 0, or min
 * is not below max: nobody set them (BIOSes leave nct67xx voltages at 0/0
 * with the alarm raised; it87 boards show min above max). */
static bool hw_minmax_are_limits(const struct hw_group *g)
{
	double lo, hi;

	if (strcmp(g->chip, "nct6687") == 0)
		return false;
	/* k10temp's temp1_max is a constant of the driver (70 C on every
	 * AMD CPU: "the maximum value for Tctl", a point on Tctl's arbitrary
	 * scale), not a limit set for this machine: EPYCs and Ryzens run
	 * above it under load.  Its temp1_crit, where the BIOS enabled
	 * hardware thermal control, is the throttle point: kept. */
	if (strcmp(g->chip, "k10temp") == 0)
		return false;
	if (g->attr[A_MIN] != NULL && g->attr[A_MAX] != NULL &&
	    to_number(g->attr[A_MIN], &lo) && to_number(g->attr[A_MAX], &hi) &&
	    lo >= hi)
		return false;
	return true;
}

static void hw_sensor(struct build *b, const struct hw_group *g)
{
	int k = hw_kind(g->base);
	const char *label = g->attr[A_LABEL] != NULL &&
				    g->attr[A_LABEL][0] != '\0' &&
				    strcmp(g->attr[A_LABEL], "!") != 0
			    ? g->attr[A_LABEL]
			    : g->base;
	const char *in = g->attr[A_INPUT] != NULL ? g->attr[A_INPUT]
						  : g->attr[A_AVERAGE];
	double scale = hw_kinds[k].scale, v;
	rig_sensor *s;

	if (in == NULL)
		return; /* limits without a reading */
	s = add(b, hw_kinds[k].type, hw_kinds[k].unit);
	if (s == NULL)
		return;
	/* hwmonN changes between boots: the chip name and label are the key;
	 * a second chip of the same name gets "#2". */
	if (g->ordinal > 1) {
		s->entity = dupf(b, "%s#%u", g->chip, g->ordinal);
	} else {
		s->entity = sdup(b, g->chip);
	}
	s->name = dupf(b, "%s %s", s->entity != NULL ? s->entity : "", label);
	s->device = dupf(b, "%s/%s", s->entity != NULL ? s->entity : "", label);
	if (hw_minmax_are_limits(g))
		hw_threshold(s, g->attr[A_MIN], scale, RIG_THRESH_LNC);
	hw_threshold(s, g->attr[A_LCRIT], scale, RIG_THRESH_LCR);
	if (hw_minmax_are_limits(g))
		hw_threshold(s, g->attr[A_MAX], scale, RIG_THRESH_UNC);
	hw_threshold(s, g->attr[A_CRIT], scale, RIG_THRESH_UCR);
	if (!to_number(in, &v)) {
		no_reading(b, s, strcmp(in, "!") == 0
					 ? "read failed (sensor not connected?)"
					 : "not a number",
			   RIG_STATE_UNKNOWN);
		return;
	}
	s->has_reading = true;
	s->reading = v / scale;
	judge(s);
}

static rig_status hwmon_sensors(const struct probe *p, struct build *b)
{
	struct hw_group *gs = NULL;
	size_t n = 0;
	rig_status rc = hw_collect(p, &gs, &n);

	for (size_t i = 0; rc == RIG_OK && i < n; i++)
		hw_sensor(b, &gs[i]);
	free(gs);
	return rc;
}

/* ------------------------------------------------------------ GPUs */

enum gpu_field {
	G_INDEX, G_BUS, G_UUID, G_TEMP, G_FAN, G_POWER, G_POWER_LIMIT, G_UTIL,
	G_MEM_USED, G_MEM_TOTAL, G_ECC_CE, G_ECC_UE, G_REASONS, G_GEN_CUR,
	G_GEN_MAX, G_WIDTH_CUR, G_WIDTH_MAX, G_NAME, G_COUNT
};

static const struct {
	const char *name;
	enum gpu_field field;
} gpu_fields[] = {
	{"index", G_INDEX},
	{"pci.bus_id", G_BUS},
	{"uuid", G_UUID},
	{"temperature.gpu", G_TEMP},
	{"fan.speed", G_FAN},
	{"power.draw", G_POWER},
	{"power.limit", G_POWER_LIMIT},
	{"utilization.gpu", G_UTIL},
	{"memory.used", G_MEM_USED},
	{"memory.total", G_MEM_TOTAL},
	{"ecc.errors.corrected.volatile.total", G_ECC_CE},
	{"ecc.errors.uncorrected.volatile.total", G_ECC_UE},
	/* renamed in newer drivers; the probe asks for whichever works */
	{"clocks_event_reasons.active", G_REASONS},
	{"clocks_throttle_reasons.active", G_REASONS},
	{"pcie.link.gen.current", G_GEN_CUR},
	{"pcie.link.gen.max", G_GEN_MAX},
	{"pcie.link.width.current", G_WIDTH_CUR},
	{"pcie.link.width.max", G_WIDTH_MAX},
	{"name", G_NAME},
};

#define GPU_MAX_FIELDS 32

/* The column of each field in the query, -1 where it was not asked. */
struct gpu_query {
	int col[G_COUNT];
	size_t ncols;
};

static rig_status gpu_query_parse(const char *list, struct gpu_query *q,
				  char *err, size_t errlen)
{
	const char *p = list;

	for (int i = 0; i < G_COUNT; i++)
		q->col[i] = -1;
	q->ncols = 0;
	while (*p != '\0') {
		size_t len = strcspn(p, ","), i;
		size_t n = ARRAY_SIZE(gpu_fields);

		for (i = 0; i < n; i++)
			if (strlen(gpu_fields[i].name) == len &&
			    strncmp(gpu_fields[i].name, p, len) == 0)
				break;
		if (i == n || q->ncols >= GPU_MAX_FIELDS) {
			snprintf(err, errlen, "the probe asked nvidia-smi for "
				 "an unknown field '%.*s'", (int)(len > 40 ? 40 : len), p);
			return RIG_E_PROBE;
		}
		q->col[gpu_fields[i].field] = (int)q->ncols++;
		p += len;
		if (*p == ',')
			p++;
	}
	if (q->col[G_NAME] >= 0 && q->col[G_NAME] != (int)q->ncols - 1) {
		snprintf(err, errlen, "the probe's nvidia-smi query must end "
			 "with name");
		return RIG_E_PROBE;
	}
	return RIG_OK;
}

/* Split one CSV line (", " between fields; the last takes the rest). */
static rig_status gpu_split(char *line, const struct gpu_query *q,
			    const char *v[GPU_MAX_FIELDS], char *err,
			    size_t errlen)
{
	char *p = line;

	for (size_t i = 0; i < q->ncols; i++) {
		char *sep = i + 1 < q->ncols ? strstr(p, ", ") : NULL;

		if (i + 1 < q->ncols && sep == NULL) {
			snprintf(err, errlen, "nvidia-smi line has %zu fields, "
				 "expected %zu", i + 1, q->ncols);
			return RIG_E_PROBE;
		}
		if (sep != NULL)
			*sep = '\0';
		v[i] = p;
		p = sep != NULL ? sep + 2 : NULL;
	}
	return RIG_OK;
}

bool gpu_value(const char *text, double *v, const char **reason)
{
	static const struct {
		const char *text, *reason;
	} placeholders[] = {
		{"[N/A]", "not available"},
		{"N/A", "not available"},
		{"[Not Supported]", "not supported by this GPU"},
		{"[Unknown Error]", "nvidia-smi reported an unknown error"},
		{"[GPU is lost]", "GPU is lost (fell off the bus?)"},
		{"[Insufficient Permissions]", "insufficient permissions"},
	};

	*reason = NULL;
	if (text == NULL) {
		*reason = "not queried";
		return false;
	}
	for (size_t i = 0; i < ARRAY_SIZE(placeholders); i++)
		if (strcmp(text, placeholders[i].text) == 0) {
			*reason = placeholders[i].reason;
			return false;
		}
	if (to_number(text, v))
		return true;
	*reason = text[0] == '[' ? "nvidia-smi gave no value"
				 : "not a number";
	return false;
}

struct gpu {
	const char *f[G_COUNT]; /* NULL: not queried */
	char prefix[32];        /* "GPU0" */
	bool lost;
};

static rig_sensor *gpu_sensor(struct build *b, const struct gpu *g,
			      const char *what, const char *unit,
			      const char *text, double scale)
{
	rig_sensor *s = add(b, RIG_SENSOR_GPU, unit);
	const char *reason;
	double v;

	if (s == NULL)
		return NULL;
	s->name = dupf(b, "%s %s", g->prefix, what);
	s->entity = sdup(b, g->f[G_NAME]);
	s->device = sdup(b, g->f[G_BUS]);
	if (g->lost) {
		no_reading(b, s, "GPU is lost (fell off the bus?)",
			   RIG_STATE_CRITICAL);
		s->state_text = sdup(b, "GPU is lost");
		return s;
	}
	if (!gpu_value(text, &v, &reason)) {
		no_reading(b, s, reason, RIG_STATE_UNKNOWN);
		return s;
	}
	s->has_reading = true;
	s->reading = v * scale;
	s->state = RIG_STATE_OK;
	return s;
}

static const struct {
	uint64_t bit;
	const char *name;
	bool bad; /* a fault rather than normal power management */
} reason_bits[] = {
	{0x1, "gpu_idle", false},
	{0x2, "applications_clocks_setting", false},
	{0x4, "sw_power_cap", false},
	{0x8, "hw_slowdown", true},
	{0x10, "sync_boost", false},
	{0x20, "sw_thermal_slowdown", true},
	{0x40, "hw_thermal_slowdown", true},
	{0x80, "hw_power_brake_slowdown", true},
	{0x100, "display_clock_setting", false},
};

static void gpu_throttle(struct build *b, const struct gpu *g)
{
	rig_sensor *s = gpu_sensor(b, g, "Throttle", NULL, g->f[G_REASONS], 1);
	char text[256] = "";
	uint64_t mask;

	/* The bitmask "0x...04" reads as a number (strtod takes hex). */
	if (s == NULL || !s->has_reading)
		return;
	/* Out of range (or NaN) from a broken nvidia-smi is no mask: the
	 * conversion would be undefined (found by tests/fuzz/fuzz-probe.c). */
	mask = s->reading >= 0.0 && s->reading < 0x1p64 ? (uint64_t)s->reading
						       : 0;
	for (size_t i = 0; i < ARRAY_SIZE(reason_bits); i++) {
		if ((mask & reason_bits[i].bit) == 0)
			continue;
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%s",
			 text[0] != '\0' ? "," : "", reason_bits[i].name);
		if (reason_bits[i].bad)
			s->state = RIG_STATE_WARNING;
	}
	s->state_text = sdup(b, text[0] != '\0' ? text : "none");
}

/*
 * The riser check.  A link narrower than expected (x1 where x16 should
 * be, or below --expect-pcie-width) is a fault at any load.  A generation
 * below the max is one only while the GPU is busy: idle GPUs drop to gen 1
 * to save power.
 */
static void gpu_pcie(struct build *b, const struct gpu *g,
		     unsigned int expect_width)
{
	double wmax, gmax, util;
	const char *why;
	bool has_wmax = gpu_value(g->f[G_WIDTH_MAX], &wmax, &why);
	bool has_gmax = gpu_value(g->f[G_GEN_MAX], &gmax, &why);
	bool busy = gpu_value(g->f[G_UTIL], &util, &why) &&
		    util >= SSH_BUSY_UTIL_PCT;
	double expected = expect_width > 0 ? expect_width : wmax;
	/* One at a time: adding a sensor may move the list. */
	rig_sensor *s = gpu_sensor(b, g, "PCIe Width", NULL, g->f[G_WIDTH_CUR], 1);

	if (s != NULL && s->has_reading && (expect_width > 0 || has_wmax)) {
		s->thresholds[RIG_THRESH_LNC] = expected;
		s->thresholds_set |= 1u << RIG_THRESH_LNC;
		judge(s);
		s->state_text = s->state == RIG_STATE_OK
			? dupf(b, "x%.0f of x%.0f expected", s->reading, expected)
			: dupf(b, "link x%.0f, expected x%.0f: check the riser "
				  "and slot", s->reading, expected);
	}
	s = gpu_sensor(b, g, "PCIe Gen", NULL, g->f[G_GEN_CUR], 1);
	if (s == NULL || !s->has_reading || !has_gmax)
		return;
	if (busy && s->reading < gmax) {
		s->state = RIG_STATE_WARNING;
		s->state_text = dupf(b, "gen %.0f of %.0f while %.0f%% busy: "
					"check the riser", s->reading, gmax, util);
	} else {
		s->state_text = dupf(b, "gen %.0f of %.0f%s", s->reading, gmax,
				     busy ? "" : " (idle GPUs lower it)");
	}
}

static void gpu_ecc(struct build *b, const struct gpu *g)
{
	rig_sensor *ue;

	/* Volatile counts: since the driver loaded.  A corrected error is
	 * what ECC is for; an uncorrected one damaged data.  GeForce cards
	 * have no ECC: "[N/A]", no reading, never 0. */
	gpu_sensor(b, g, "ECC Corrected", NULL, g->f[G_ECC_CE], 1);
	ue = gpu_sensor(b, g, "ECC Uncorrected", NULL, g->f[G_ECC_UE], 1);
	if (ue != NULL && ue->has_reading && ue->reading > 0) {
		ue->state = RIG_STATE_CRITICAL;
		ue->state_text = sdup(b, "uncorrected GPU memory errors since "
					"the driver loaded");
	}
}

/*
 * Limits for a GPU whose nvidia-smi reports none.  83 C is the default
 * temperature target of GPU Boost on GeForce cards: above it the card
 * already lowers its clocks to cool down.  90 C is the lowest "maximum GPU
 * temperature" NVIDIA's product pages give for recent GeForce cards
 * (RTX 4090: 90 C; RTX 3060 Ti and 3080: 93 C), the point where it slows
 * down hard.  docs/commands.md says the same.
 */
#define GPU_DEFAULT_UNC 83.0
#define GPU_DEFAULT_UCR 90.0

/* "95 C" from nvidia-smi -q as a number; false for "N/A" and the like. */
static bool celsius(const char *text, double *v)
{
	char *stop;
	double d;

	errno = 0;
	d = strtod(text, &stop);
	if (stop == text || errno != 0 || !isfinite(d) ||
	    (strcmp(stop, " C") != 0 && strcmp(stop, "C") != 0))
		return false;
	*v = d;
	return true;
}

/*
 * A GPU temperature's thresholds: the GPU's max operating temperature as
 * unc, its slowdown temperature as ucr and its shutdown temperature as
 * unr, where nvidia-smi -q reported them for this bus id (gpu-tlimit
 * records); rigctl's defaults for unc and ucr where it reported neither.
 * Then its state, and why when it is not ok.
 */
static void gpu_temp_limits(struct build *b, const struct probe *p,
			    const struct gpu *g, rig_sensor *s)
{
	static const struct {
		const char *key, *what;
		enum rig_threshold t;
	} limits[] = {
		{"max-operating", "max operating", RIG_THRESH_UNC},
		{"slowdown", "slowdown", RIG_THRESH_UCR},
		{"shutdown", "shutdown", RIG_THRESH_UNR},
	};
	int hit = -1;
	bool own = false;
	double v;

	for (size_t i = 0; g->f[G_BUS] != NULL && i < p->count; i++) {
		const struct probe_rec *r = &p->recs[i];

		if (strcmp(r->kind, "gpu-tlimit") != 0 ||
		    strcmp(r->f[0], g->f[G_BUS]) != 0 || !celsius(r->f[2], &v))
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(limits); k++)
			if (strcmp(r->f[1], limits[k].key) == 0) {
				s->thresholds[limits[k].t] = v;
				s->thresholds_set |= 1u << limits[k].t;
				own = own || limits[k].t != RIG_THRESH_UNR;
			}
	}
	if (!own) {
		s->thresholds[RIG_THRESH_UNC] = GPU_DEFAULT_UNC;
		s->thresholds[RIG_THRESH_UCR] = GPU_DEFAULT_UCR;
		s->thresholds_set |= 1u << RIG_THRESH_UNC | 1u << RIG_THRESH_UCR;
	}
	if (!s->has_reading)
		return;
	judge(s);
	/* The highest limit reached says why. */
	for (int k = (int)ARRAY_SIZE(limits) - 1; hit < 0 && k >= 0; k--)
		if (((s->thresholds_set >> limits[k].t) & 1u) &&
		    s->reading >= s->thresholds[limits[k].t])
			hit = k;
	if (hit >= 0 && own)
		s->state_text = dupf(b, "at or above the GPU's %s temperature "
					"(%g C)", limits[hit].what,
				     s->thresholds[limits[hit].t]);
	else if (hit >= 0)
		s->state_text = dupf(b, "at or above rigctl's default %s limit "
					"for GPUs (%g C)",
				     limits[hit].t == RIG_THRESH_UCR ? "critical"
								   : "warning",
				     s->thresholds[limits[hit].t]);
}

/* ---- the driver's word on a GPU's health (gpu-health, gpu-remap) */

/* Column `name` of a line of the query `list` (", " or "," between
 * fields), trimmed, into out; false where the query has no such column or
 * the line is short.  None of these fields holds a comma. */
static bool health_col(const char *list, const char *line, const char *name,
		       char *out, size_t len)
{
	size_t k = 0, n = strlen(name);
	const char *p = list;

	for (;;) {
		size_t l = strcspn(p, ",");

		if (l == n && strncmp(p, name, n) == 0)
			break;
		if (p[l] == '\0')
			return false;
		p += l + 1;
		k++;
	}
	for (p = line; k > 0; k--) {
		p = strchr(p, ',');
		if (p == NULL)
			return false;
		p++;
	}
	while (*p == ' ')
		p++;
	n = strcspn(p, ",");
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	snprintf(out, len, "%.*s", (int)n, p);
	return true;
}

/* The same PCI device: "00000000:01:00.0" is "0000:01:00.0" (nvidia-smi
 * prints the domain 8 or 4 digits wide), but "00000001:00:00.0" is another
 * domain (one GPU per domain on some virtual machines). */
static bool same_bus(const char *a, const char *b)
{
	char *x, *y;
	unsigned long da = strtoul(a, &x, 16), db = strtoul(b, &y, 16);

	return x != a && y != b && *x == ':' && *y == ':' && da == db &&
	       strcasecmp(x, y) == 0;
}

/* Is line `line` of query `list` about GPU g?  By bus id where both have
 * one, else by index, else by UUID. */
static bool health_of(const struct gpu *g, const char *list, const char *line)
{
	char v[96];
	double a, c;
	const char *why;

	if (g->f[G_BUS] != NULL &&
	    (health_col(list, line, "pci.bus_id", v, sizeof(v)) ||
	     health_col(list, line, "gpu_bus_id", v, sizeof(v))))
		return same_bus(g->f[G_BUS], v);
	if (g->f[G_INDEX] != NULL &&
	    health_col(list, line, "index", v, sizeof(v)))
		return gpu_value(g->f[G_INDEX], &a, &why) &&
		       gpu_value(v, &c, &why) && a == c;
	if (g->f[G_UUID] != NULL &&
	    (health_col(list, line, "uuid", v, sizeof(v)) ||
	     health_col(list, line, "gpu_uuid", v, sizeof(v))))
		return strcmp(g->f[G_UUID], v) == 0;
	return false;
}

/* The line of kind `kind` (fields in `kind`-fields) about g, or NULL. */
static const char *health_line(const struct probe *p, const struct gpu *g,
			       const char *kind, const char **list)
{
	char fk[32];
	const struct probe_rec *fr;

	snprintf(fk, sizeof(fk), "%s-fields", kind);
	fr = probe_find(p, fk);
	*list = fr != NULL ? fr->f[0] : NULL;
	for (size_t i = 0; fr != NULL && i < p->count; i++)
		if (strcmp(p->recs[i].kind, kind) == 0 &&
		    health_of(g, fr->f[0], p->recs[i].f[0]))
			return p->recs[i].f[0];
	return NULL;
}

static rig_sensor *health_sensor(struct build *b, const struct gpu *g,
				 const char *what)
{
	rig_sensor *s = add(b, RIG_SENSOR_GPU, NULL);

	if (s == NULL)
		return NULL;
	s->name = dupf(b, "%s %s", g->prefix, what);
	s->entity = sdup(b, g->f[G_NAME]);
	s->device = sdup(b, g->f[G_BUS]);
	s->state = RIG_STATE_OK;
	return s;
}

/*
 * The recovery action the driver asks for (NVIDIA's GPU memory error
 * management guide, "Error Recovery and Response Flags"): None, or a GPU
 * reset, a reboot, draining peer-to-peer traffic, or both.  Anything but
 * None means the GPU cannot be trusted until it is done: critical.  The
 * reading is NVML's number for the action (nvmlDeviceGpuRecoveryAction_t).
 */
static void gpu_recovery(struct build *b, const struct gpu *g, const char *v)
{
	static const struct {
		const char *text;
		double nvml;
		const char *asks;
	} actions[] = {
		{"None", 0, NULL},
		{"Reset", 1, "a GPU reset"},
		{"GPU Reset", 1, "a GPU reset"},
		{"Reboot", 2, "a reboot of the rig"},
		{"Node Reboot", 2, "a reboot of the rig"},
		{"Drain P2P", 3, "draining peer-to-peer traffic"},
		{"Drain and Reset", 4, "draining peer-to-peer traffic and a GPU "
				       "reset"},
	};
	const char *why;
	double d;
	rig_sensor *s;

	/* N/A, [Not Supported]: the GPU or driver does not say. */
	if (v[0] == '\0' || v[0] == '[' || strcmp(v, "N/A") == 0)
		return;
	s = health_sensor(b, g, "Recovery Action");
	if (s == NULL)
		return;
	/* A driver printing NVML's number instead of its name: the same. */
	if (!gpu_value(v, &d, &why))
		d = -1;
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		if (strcasecmp(v, actions[i].text) == 0 || d == actions[i].nvml) {
			s->has_reading = true;
			s->reading = actions[i].nvml;
			if (actions[i].asks != NULL) {
				s->state = RIG_STATE_CRITICAL;
				s->state_text = dupf(b, "the driver asks for %s",
						     actions[i].asks);
			} else {
				s->state_text = sdup(b, "none needed");
			}
			return;
		}
	no_reading(b, s, "a recovery action rigctl does not know",
		   RIG_STATE_CRITICAL);
	s->state_text = dupf(b, "the driver asks for '%s'", v);
}

/* Pages retired for ECC errors (GPUs before Ampere's row remapping); one
 * waiting to be retired needs the driver reloaded: a warning. */
static void gpu_retired(struct build *b, const struct gpu *g, const char *list,
			const char *line)
{
	char sbe[32] = "", dbe[32] = "", pend[32] = "";
	double a = 0, c = 0;
	const char *why;
	bool has_a, has_c, pending;
	rig_sensor *s;

	health_col(list, line, "retired_pages.single_bit_ecc.count", sbe,
		   sizeof(sbe));
	health_col(list, line, "retired_pages.double_bit.count", dbe,
		   sizeof(dbe));
	health_col(list, line, "retired_pages.pending", pend, sizeof(pend));
	has_a = gpu_value(sbe, &a, &why);
	has_c = gpu_value(dbe, &c, &why);
	pending = strcasecmp(pend, "Yes") == 0;
	if (!has_a && !has_c && !pending)
		return; /* GeForce: N/A throughout */
	s = health_sensor(b, g, "Retired Pages");
	if (s == NULL)
		return;
	s->has_reading = has_a || has_c;
	s->reading = a + c;
	if (pending) {
		s->state = RIG_STATE_WARNING;
		s->state_text = sdup(b, "a page waits to be retired: reboot "
					"the rig (or reload the driver)");
	} else {
		s->state_text = dupf(b, "single-bit %s, double-bit %s",
				     has_a ? sbe : "?", has_c ? dbe : "?");
	}
}

/* Rows remapped (NVIDIA's row remapping, Ampere and later): a remap that
 * waits for a GPU reset is a warning; a failed one is NVIDIA's condition
 * for replacing the board: critical. */
static void gpu_remapped(struct build *b, const struct gpu *g,
			 const char *list, const char *line)
{
	char cor[32] = "", unc[32] = "", pend[32] = "", fail[32] = "";
	double a = 0, c = 0;
	const char *why;
	bool has_a, has_c;
	rig_sensor *s;

	health_col(list, line, "remapped_rows.correctable", cor, sizeof(cor));
	health_col(list, line, "remapped_rows.uncorrectable", unc, sizeof(unc));
	health_col(list, line, "remapped_rows.pending", pend, sizeof(pend));
	health_col(list, line, "remapped_rows.failure", fail, sizeof(fail));
	has_a = gpu_value(cor, &a, &why);
	has_c = gpu_value(unc, &c, &why);
	if (!has_a && !has_c && strcasecmp(pend, "Yes") != 0 &&
	    strcasecmp(fail, "Yes") != 0)
		return; /* no row remapping on this GPU */
	s = health_sensor(b, g, "Remapped Rows");
	if (s == NULL)
		return;
	s->has_reading = has_a || has_c;
	s->reading = a + c;
	if (strcasecmp(fail, "Yes") == 0) {
		s->state = RIG_STATE_CRITICAL;
		s->state_text = sdup(b, "row remapping failed: the GPU memory "
					"cannot be repaired (replace the GPU)");
	} else if (strcasecmp(pend, "Yes") == 0) {
		s->state = RIG_STATE_WARNING;
		s->state_text = sdup(b, "a remap waits for a GPU reset: reset "
					"the GPU or reboot the rig");
	} else {
		s->state_text = dupf(b, "correctable %s, uncorrectable %s",
				     has_a ? cor : "?", has_c ? unc : "?");
	}
}

static void gpu_health(struct build *b, const struct probe *p,
		       const struct gpu *g)
{
	const char *list, *line = health_line(p, g, "gpu-health", &list);
	char v[64];

	if (line != NULL) {
		if (health_col(list, line, "gpu_recovery_action", v, sizeof(v)))
			gpu_recovery(b, g, v);
		gpu_retired(b, g, list, line);
	}
	line = health_line(p, g, "gpu-remap", &list);
	if (line != NULL)
		gpu_remapped(b, g, list, line);
}

static void gpu_sensors(struct build *b, const struct probe *p, struct gpu *g,
			unsigned int expect_width)
{
	rig_sensor *s;

	double idx;
	const char *why;

	for (int i = 0; i < G_COUNT; i++)
		if (g->f[i] != NULL && strcmp(g->f[i], "[GPU is lost]") == 0)
			g->lost = true;
	if (gpu_value(g->f[G_INDEX], &idx, &why))
		snprintf(g->prefix, sizeof(g->prefix), "GPU%.0f", idx);
	else
		snprintf(g->prefix, sizeof(g->prefix), "GPU %.20s",
			 g->f[G_BUS] != NULL ? g->f[G_BUS] : "?");
	s = gpu_sensor(b, g, "Temperature", "C", g->f[G_TEMP], 1);
	if (s != NULL && !g->lost)
		gpu_temp_limits(b, p, g, s);
	gpu_sensor(b, g, "Fan", "%", g->f[G_FAN], 1);
	gpu_sensor(b, g, "Power", "W", g->f[G_POWER], 1);
	gpu_sensor(b, g, "Power Limit", "W", g->f[G_POWER_LIMIT], 1);
	gpu_sensor(b, g, "Utilization", "%", g->f[G_UTIL], 1);
	gpu_sensor(b, g, "Memory Used", "MiB", g->f[G_MEM_USED], 1);
	gpu_sensor(b, g, "Memory Total", "MiB", g->f[G_MEM_TOTAL], 1);
	gpu_ecc(b, g);
	gpu_throttle(b, g);
	if (!g->lost) {
		gpu_pcie(b, g, expect_width);
		gpu_health(b, p, g);
	}
}

/* nvidia-smi itself failed: one sensor says so, with why.  A timeout or a
 * driver that does not answer is a GPU in trouble: critical. */
static void gpu_failed(struct build *b, const struct probe_rec *r)
{
	rig_sensor *s = add(b, RIG_SENSOR_GPU, NULL);
	long rc = strtol(r->f[0], NULL, 10);
	bool timeout = rc == 124 || rc == 137;

	if (s == NULL)
		return;
	s->name = sdup(b, "nvidia-smi");
	if (timeout)
		s->reason = sdup(b, "nvidia-smi did not answer in time (a wedged "
				   "GPU?); it was killed on the rig");
	else
		s->reason = dupf(b, "nvidia-smi failed (exit %ld): %s", rc,
				 r->f[1][0] != '\0' ? r->f[1] : "no message");
	s->state = timeout || rc == 9 ? RIG_STATE_CRITICAL : RIG_STATE_UNKNOWN;
	/* Its own words ("couldn't communicate with the NVIDIA driver") are
	 * what the table and check show: "failed" alone says nothing. */
	s->state_text = timeout ? sdup(b, "timeout")
		: r->f[1][0] != '\0' ? sdup(b, r->f[1])
		: dupf(b, "failed (exit %ld)", rc);
}

/* A GPU nvidia-smi could not open while it read the others ("Unable to
 * determine the device handle for GPU BUS: GPU is lost.  Reboot ..."):
 * critical, named for its bus id, with nvidia-smi's own words. */
static void gpu_lost(struct build *b, const struct probe_rec *r)
{
	rig_sensor *s = add(b, RIG_SENSOR_GPU, NULL);
	const char *bus = r->f[0][0] != '\0' ? r->f[0] : "?";
	const char *why = strstr(r->f[1], bus);

	if (s == NULL)
		return;
	why = why != NULL ? why + strlen(bus) : NULL;
	why = why != NULL && strncmp(why, ": ", 2) == 0 ? why + 2 : r->f[1];
	s->name = dupf(b, "GPU %s", bus);
	s->device = sdup(b, r->f[0][0] != '\0' ? r->f[0] : NULL);
	no_reading(b, s, r->f[1], RIG_STATE_CRITICAL);
	s->state_text = sdup(b, why[0] != '\0' ? why : "no device handle");
}

static void gpus_lost(const struct probe *p, struct build *b)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->recs[i].kind, "gpu-lost") == 0)
			gpu_lost(b, &p->recs[i]);
}

static rig_status nvidia_sensors(const struct probe *p, struct build *b,
				 unsigned int expect_width, char *err,
				 size_t errlen)
{
	const struct probe_rec *fr = probe_find(p, "gpu-fields");
	const struct probe_rec *er = probe_find(p, "gpu-error");
	struct gpu_query q;
	rig_status rc;

	/* A failing nvidia-smi may still have printed the healthy GPUs' rows
	 * (one GPU lost): those count, and so does the failure. */
	if (er != NULL)
		gpu_failed(b, er);
	if (fr == NULL) {
		if (probe_find(p, "gpu") != NULL) {
			snprintf(err, errlen, "GPU lines without their field "
				 "list");
			return RIG_E_PROBE;
		}
		gpus_lost(p, b);
		return RIG_OK; /* no nvidia-smi: no NVIDIA GPUs */
	}
	rc = gpu_query_parse(fr->f[0], &q, err, errlen);
	for (size_t i = 0; rc == RIG_OK && i < p->count; i++) {
		const char *v[GPU_MAX_FIELDS];
		struct gpu g;
		char *line;

		if (strcmp(p->recs[i].kind, "gpu") != 0)
			continue;
		line = strdup(p->recs[i].f[0]);
		if (line == NULL)
			return RIG_E_NOMEM;
		rc = gpu_split(line, &q, v, err, errlen);
		memset(&g, 0, sizeof(g));
		for (int f = 0; rc == RIG_OK && f < G_COUNT; f++)
			g.f[f] = q.col[f] >= 0 ? v[q.col[f]] : NULL;
		if (rc == RIG_OK)
			gpu_sensors(b, p, &g, expect_width);
		free(line);
	}
	if (rc == RIG_OK)
		gpus_lost(p, b);
	return rc;
}

/* ------------------------------------------------------------ all */

static void build_free(struct build *b)
{
	for (size_t i = 0; i < b->list.count; i++)
		rig__sensor_clear(&b->list.items[i]);
	free(b->list.items);
}

rig_status probe_sensors(const struct probe *p, unsigned int expect_width,
			 rig_sensor_list *out, char *err, size_t errlen)
{
	struct build b = {{0, NULL}, false};
	rig_status rc = hwmon_sensors(p, &b);

	if (rc == RIG_OK)
		rc = nvidia_sensors(p, &b, expect_width, err, errlen);
	if (rc == RIG_OK && b.nomem)
		rc = RIG_E_NOMEM;
	/* All or nothing: out gets the items only when everything worked. */
	for (size_t i = 0; rc == RIG_OK && i < b.list.count; i++) {
		rig_sensor *s = rig__sensor_list_add(out);

		if (s == NULL) {
			rc = RIG_E_NOMEM;
			while (i-- > 0)
				rig__sensor_clear(&out->items[--out->count]);
			break;
		}
		*s = b.list.items[i];
		memset(&b.list.items[i], 0, sizeof(b.list.items[i]));
	}
	build_free(&b);
	return rc;
}
