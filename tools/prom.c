/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Prometheus text: label escaping, the families and samples every
 * -o prometheus output writes, and the --textfile files (their names,
 * the check of the directory before any rig is contacted, the atomic
 * write and the removal of a file an older rigctl wrote for the same
 * command and selection).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prom.h"
#include "rigctl.h"

const char *prom_label(const char *value, char *buf, size_t len)
{
	size_t o = 0;

	for (const char *p = value; *p != '\0' && o + 3 < len; p++) {
		if (*p == '\\' || *p == '"' || *p == '\n') {
			buf[o++] = '\\';
			buf[o++] = *p == '\n' ? 'n' : *p;
		} else {
			buf[o++] = *p;
		}
	}
	buf[o] = '\0';
	return buf;
}

void prom_family(FILE *f, const char *name, const char *type,
		 const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void prom_sample(FILE *f, const char *name, const char *const *labels,
		 double value)
{
	char esc[1024];

	fputs(name, f);
	for (size_t i = 0; labels != NULL && labels[i] != NULL; i += 2)
		fprintf(f, "%s%s=\"%s\"", i == 0 ? "{" : ",", labels[i],
			prom_label(labels[i + 1] != NULL ? labels[i + 1] : "",
				   esc, sizeof(esc)));
	if (labels != NULL && labels[0] != NULL)
		fputc('}', f);
	/* The exposition format's spellings, not printf's "nan" and "inf". */
	if (isnan(value))
		fputs(" NaN\n", f);
	else if (isinf(value))
		fputs(value > 0 ? " +Inf\n" : " -Inf\n", f);
	else
		fprintf(f, " %.15g\n", value);
}

/* ------------------------------------------------------------ names */

void prom_name_part(const char *text, char *buf, size_t len)
{
	size_t o = 0;

	if (len == 0)
		return;
	for (const char *p = text; *p != '\0' && o + 1 < len; p++) {
		char ch = *p;
		bool keep = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
			    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
			    ch == '-';

		/* A space joins words of a command; anything else (',', ':',
		 * '[', '/') would make a name the shell or a glob trips on. */
		buf[o++] = keep ? ch : ch == ' ' ? '-' : '_';
	}
	buf[o] = '\0';
}

/* The selection as the user gave it: -r, else the ad-hoc target. */
static const char *selection_of(const struct globals *g)
{
	if (g->rig_names != NULL)
		return g->rig_names;
	if (g->bmc_hosts != NULL)
		return g->bmc_hosts;
	if (g->ssh_target != NULL)
		return g->ssh_target;
	return g->mac;
}

int prom_textfile_name(const char *command, const char *selection,
		       char *buf, size_t len)
{
	char cmd[128], sel[256];
	int n;

	prom_name_part(command, cmd, sizeof(cmd));
	if (selection == NULL || strcmp(selection, "all") == 0)
		n = snprintf(buf, len, "rigctl-%s.prom", cmd);
	else {
		prom_name_part(selection, sel, sizeof(sel));
		n = snprintf(buf, len, "rigctl-%s-%s.prom", cmd, sel);
	}
	return n > 0 && (size_t)n < len ? 0 : -1;
}

static const char *command_words(const struct ctx *c)
{
	return c->prom_command != NULL ? c->prom_command : c->cmd->name;
}

int textfile_name(const struct ctx *c, char *buf, size_t len)
{
	return prom_textfile_name(command_words(c), selection_of(&c->g), buf,
				  len);
}

int textfile_ready(const struct ctx *c)
{
	struct stat st;
	const char *dir = c->g.textfile_dir;

	if (dir == NULL)
		return EXIT_OK;
	if (c->g.output != OUT_PROMETHEUS) {
		fprintf(stderr, "rigctl: --textfile writes Prometheus text: it "
				"needs -o prometheus\n");
		return EXIT_USAGE;
	}
	if (stat(dir, &st) != 0) {
		fprintf(stderr, "rigctl: --textfile %s: %s\n", dir,
			strerror(errno));
		return EXIT_USAGE;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "rigctl: --textfile %s: not a directory\n", dir);
		return EXIT_USAGE;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		fprintf(stderr, "rigctl: --textfile %s: cannot write there: %s\n",
			dir, strerror(errno));
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/*
 * Whether the file rigctl wrote under its old name (rigctl-<command's
 * first word>.prom, whatever the selection) holds only rigs of this
 * selection: then it is this run's predecessor and goes, and another
 * selection's file stays.
 */
static bool old_file_ours(const struct ctx *c, const char *path)
{
	FILE *f = fopen(path, "re");
	char line[2048], esc[600];
	bool ours = f != NULL, any = false;

	while (f != NULL && ours && fgets(line, sizeof(line), f) != NULL) {
		const char *p = strstr(line, "rig=\"");
		bool found = false;

		if (line[0] == '#' || p == NULL)
			continue;
		any = true;
		p += 5;
		for (size_t i = 0; i < c->count && !found; i++) {
			size_t n;

			prom_label(rig_name(c->results[i].r), esc, sizeof(esc));
			n = strlen(esc);
			found = strncmp(p, esc, n) == 0 && p[n] == '"';
		}
		ours = found;
	}
	if (f != NULL)
		fclose(f);
	return ours && any;
}

static void remove_old_name(const struct ctx *c, const char *now)
{
	char old[4200];

	if (snprintf(old, sizeof(old), "%s/rigctl-%s.prom", c->g.textfile_dir,
		     c->cmd->name) >= (int)sizeof(old) ||
	    strcmp(old, now) == 0)
		return;
	if (old_file_ours(c, old) && unlink(old) == 0)
		fsync_dir(c->g.textfile_dir);
}

void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* node_exporter reads *.prom files whenever it likes: write a temporary
 * file beside the target and rename it, so it never sees half a file;
 * the directory is synced so that the rename survives a crash before the
 * check's state (which says the report went out) is written. */
int textfile_write(struct ctx *c, void (*prom)(struct ctx *c, FILE *f))
{
	char name[512], path[4200], tmp[4300];
	FILE *f = NULL;
	int fd, err = 0;

	if (textfile_name(c, name, sizeof(name)) != 0 ||
	    snprintf(path, sizeof(path), "%s/%s", c->g.textfile_dir, name) >=
		    (int)sizeof(path)) {
		fprintf(stderr, "rigctl: --textfile: name too long\n");
		return EXIT_FAILED;
	}
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", c->g.textfile_dir, name);
	fd = mkstemp(tmp);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "rigctl: cannot write in %s: %s\n",
			c->g.textfile_dir, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		return EXIT_FAILED;
	}
	prom(c, f);
	(void)fchmod(fd, 0644);
	if (fflush(f) != 0 || ferror(f) || fsync(fd) != 0)
		err = errno != 0 ? errno : EIO;
	if (fclose(f) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = errno;
	if (err != 0) {
		fprintf(stderr, "rigctl: cannot write %s: %s\n", path,
			strerror(err));
		unlink(tmp);
		return EXIT_FAILED;
	}
	fsync_dir(c->g.textfile_dir);
	remove_old_name(c, path);
	return EXIT_OK;
}

/* ------------------------------------------------------------ families */

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

static int state_number(const char *state)
{
	if (strcmp(state, "ok") == 0)
		return 0;
	if (strcmp(state, "warning") == 0)
		return 1;
	return strcmp(state, "critical") == 0 ? 2 : 3;
}

/* A reading's family by its unit, in base units (Prometheus's
 * conventions); NULL: rigctl_sensor_value with a unit label. */
static const struct {
	const char *unit, *value, *threshold;
} base_units[] = {
	{"C", "rigctl_temperature_celsius", "rigctl_sensor_threshold_celsius"},
	{"RPM", "rigctl_fan_speed_rpm", "rigctl_sensor_threshold_rpm"},
	{"V", "rigctl_voltage_volts", "rigctl_sensor_threshold_volts"},
	{"A", "rigctl_current_amperes", "rigctl_sensor_threshold_amperes"},
	{"W", "rigctl_power_watts", "rigctl_sensor_threshold_watts"},
};
#define N_BASE (sizeof(base_units) / sizeof(base_units[0]))

static int base_unit(const char *unit)
{
	for (size_t i = 0; i < N_BASE; i++)
		if (strcmp(unit, base_units[i].unit) == 0)
			return (int)i;
	return -1;
}

/* A GPU's readings: the quantity (sensor_json's "quantity"), the family
 * and the factor to its base unit (percent to ratio, MiB to bytes). */
static const struct {
	const char *quantity, *suffix, *family;
	double factor;
} gpu_families[] = {
	{"temperature", "Temperature", "rigctl_gpu_temperature_celsius", 1},
	{"power", "Power", "rigctl_gpu_power_watts", 1},
	{"fan", "Fan", "rigctl_gpu_fan_ratio", 0.01},
	{"utilization", "Utilization", "rigctl_gpu_utilization_ratio", 0.01},
	{"memory-used", "Memory Used", "rigctl_gpu_memory_used_bytes", 1048576},
	{"pcie-width", "PCIe Width", "rigctl_gpu_pcie_link_width", 1},
	{"pcie-gen", "PCIe Gen", "rigctl_gpu_pcie_link_gen", 1},
	{"throttle", "Throttle", "rigctl_gpu_throttled", 0},
};
#define N_GPU (sizeof(gpu_families) / sizeof(gpu_families[0]))

static const char *const gpu_help[N_GPU] = {
	"GPU temperature.",
	"GPU power draw.",
	"GPU fan speed, 0..1 of its maximum.",
	"GPU utilization, 0..1.",
	"GPU memory in use.",
	"GPU PCIe link width (lanes).",
	"GPU PCIe link generation.",
	("Whether the GPU is throttled for a fault (power brake, thermal "
	 "slowdown): 1 yes, 0 no."),
};

/* Which GPU family a sensor belongs to ("GPU0 Power", not "GPU0 Power
 * Limit"), or -1. */
static int gpu_family(const json_t *s)
{
	const char *name = jstr(s, "name"), *sp = strchr(name, ' ');

	if (strcmp(jstr(s, "type"), "gpu") != 0 || sp == NULL)
		return -1;
	for (size_t i = 0; i < N_GPU; i++)
		if (strcmp(sp + 1, gpu_families[i].suffix) == 0)
			return (int)i;
	return -1;
}

/* The sensor's id label: the SDR record id, else the device key (an SSH
 * sensor's), which keeps two sensors of one name apart. */
static void sensor_id(const json_t *s, char *buf, size_t len)
{
	const json_t *rid = json_object_get(s, "record_id");

	if (json_is_integer(rid))
		snprintf(buf, len, "%lld", (long long)json_integer_value(rid));
	else
		snprintf(buf, len, "%s", jstr(s, "device"));
}

enum sensor_series { S_BASE, S_OTHER, S_STATE, S_THRESHOLD, S_GPU };

/* Every sample of one family (which: a base_units or gpu_families index)
 * over every rig's sensors. */
static void sensor_samples(struct ctx *c, FILE *f, enum sensor_series kind,
			   int which)
{
	for (size_t i = 0; i < c->count; i++) {
		const char *rname = rig_name(c->results[i].r);
		size_t k;
		json_t *s;

		json_array_foreach(c->results[i].data, k, s) {
			const json_t *v = json_object_get(s, "reading");
			int g = gpu_family(s), u = base_unit(jstr(s, "unit"));
			char id[256], gpu[32] = "";
			const char *name = jstr(s, "name");

			sensor_id(s, id, sizeof(id));
			if (kind == S_STATE) {
				prom_sample(f, "rigctl_sensor_state",
					    (const char *const[]){
						    "rig", rname, "name", name,
						    "source", jstr(s, "source"),
						    "id", id, "type",
						    jstr(s, "type"), NULL},
					    state_number(jstr(s, "state")));
				continue;
			}
			if (kind == S_GPU && g == which &&
			    (json_is_number(v) || gpu_families[g].factor == 0)) {
				double x = gpu_families[g].factor == 0
						   ? strcmp(jstr(s, "state"), "ok") != 0
						   : json_number_value(v) *
							     gpu_families[g].factor;

				sscanf(name, "GPU%31[0-9]", gpu);
				prom_sample(f, gpu_families[g].family,
					    (const char *const[]){
						    "rig", rname, "gpu", gpu,
						    "bus_id", jstr(s, "device"),
						    "name", jstr(s, "entity"),
						    NULL},
					    x);
				continue;
			}
			/* A GPU's readings are in its own families. */
			if (strcmp(jstr(s, "type"), "gpu") == 0)
				continue;
			if (kind == S_BASE && u == which && json_is_number(v))
				prom_sample(f, base_units[u].value,
					    (const char *const[]){
						    "rig", rname, "name", name,
						    "source", jstr(s, "source"),
						    "id", id, NULL},
					    json_number_value(v));
			if (kind == S_OTHER && u < 0 && json_is_number(v))
				prom_sample(f, "rigctl_sensor_value",
					    (const char *const[]){
						    "rig", rname, "name", name,
						    "source", jstr(s, "source"),
						    "id", id, "unit",
						    jstr(s, "unit"), NULL},
					    json_number_value(v));
			for (int t = 0; kind == S_THRESHOLD && u == which &&
					t < RIG_THRESH_COUNT;
			     t++) {
				const char *tn =
					rig_threshold_name((enum rig_threshold)t);
				const json_t *tv = json_object_get(
					json_object_get(s, "thresholds"), tn);

				if (json_is_number(tv))
					prom_sample(f, base_units[u].threshold,
						    (const char *const[]){
							    "rig", rname, "name",
							    name, "source",
							    jstr(s, "source"),
							    "id", id, "threshold",
							    tn, NULL},
						    json_number_value(tv));
			}
		}
	}
}

/* Whether any rig has a sample of the family: an empty family is left
 * out, as promtool prefers. */
static bool any_sensor(struct ctx *c, enum sensor_series kind, int which)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		return true;
	sensor_samples(c, f, kind, which);
	fclose(f);
	free(text);
	return len > 0;
}

static void sensor_family(struct ctx *c, FILE *f, enum sensor_series kind,
			  int which, const char *name, const char *help)
{
	if (!any_sensor(c, kind, which))
		return;
	prom_family(f, name, "gauge", help);
	sensor_samples(c, f, kind, which);
}

void prom_sensors(struct ctx *c, FILE *f)
{
	static const char *const value_help[N_BASE] = {
		"Temperature reading.", "Fan speed reading.",
		"Voltage reading.", "Current reading.", "Power reading."};

	for (size_t u = 0; u < N_BASE; u++)
		sensor_family(c, f, S_BASE, (int)u, base_units[u].value,
			      value_help[u]);
	sensor_family(c, f, S_OTHER, 0, "rigctl_sensor_value",
		      "A reading in a unit without a family of its own.");
	sensor_family(c, f, S_STATE, 0, "rigctl_sensor_state",
		      "Sensor state: 0 ok, 1 warning, 2 critical, 3 unknown.");
	for (size_t u = 0; u < N_BASE; u++)
		sensor_family(c, f, S_THRESHOLD, (int)u, base_units[u].threshold,
			      "Sensor threshold (lnr, lcr, lnc, unc, ucr, unr).");
	for (size_t g = 0; g < N_GPU; g++)
		sensor_family(c, f, S_GPU, (int)g, gpu_families[g].family,
			      gpu_help[g]);
	/* A path answered when it gave no error: a rig's BMC and SSH are
	 * told apart (the old rigctl_sensors_up said only "all of them"). */
	prom_family(f, "rigctl_path_up", "gauge",
		    "Whether the path answered: 1 yes, 0 no.");
	for (size_t i = 0; i < c->count; i++) {
		const struct result *res = &c->results[i];
		unsigned int paths = rig_paths(res->r);

		for (unsigned int p = RIG_PATH_BMC; p <= RIG_PATH_PLUG; p <<= 1) {
			bool failed = false;
			size_t k;
			json_t *e;

			/* A plug is reported only where it was read: sensors
			 * never ask it, the exporter does. */
			if (!(paths & p) || p == RIG_PATH_WOL ||
			    (p == RIG_PATH_PLUG && !res->plug_read))
				continue;
			json_array_foreach(res->errors, k, e)
				if (strcmp(jstr(e, "path"),
					   rig_path_name((rig_path)p)) == 0)
					failed = true;
			prom_sample(f, "rigctl_path_up",
				    (const char *const[]){
					    "rig", rig_name(res->r), "path",
					    rig_path_name((rig_path)p), NULL},
				    !failed && res->status != RIG_E_UNREACHABLE);
		}
	}
}

void prom_power(struct ctx *c, FILE *f)
{
	prom_family(f, "rigctl_power_on", "gauge",
		    "Power state: 1 on, 0 off; absent when it could not be read.");
	for (size_t i = 0; i < c->count; i++) {
		const char *st = jstr(c->results[i].data, "state");

		if (strcmp(st, "on") == 0 || strcmp(st, "off") == 0)
			prom_sample(f, "rigctl_power_on",
				    (const char *const[]){
					    "rig", rig_name(c->results[i].r),
					    NULL},
				    strcmp(st, "on") == 0);
	}
	prom_family(f, "rigctl_up", "gauge",
		    "Whether the rig answered on some path: 1 yes, 0 no.");
	/* "unreachable" is a state of an SSH rig (exit 0), not an answer. */
	for (size_t i = 0; i < c->count; i++)
		prom_sample(f, "rigctl_up",
			    (const char *const[]){"rig", rig_name(c->results[i].r),
						  NULL},
			    c->results[i].status == RIG_OK &&
				    !c->results[i].unreachable);
	prom_family(f, "rigctl_plug_relay_on", "gauge",
		    "The smart plug's relay: 1 closed, 0 open.");
	for (size_t i = 0; i < c->count; i++) {
		const struct result *res = &c->results[i];
		const char *relay = jstr(res->data, "relay");
		bool plug = (rig_paths(res->r) &
			     (RIG_PATH_BMC | RIG_PATH_PLUG)) == RIG_PATH_PLUG;

		/* The relay beside the OS's state; "off" through a plug is
		 * the relay open. */
		if (res->status != RIG_OK || !plug)
			continue;
		if (relay[0] != '\0')
			prom_sample(f, "rigctl_plug_relay_on",
				    (const char *const[]){"rig", rig_name(res->r),
							  NULL},
				    strcmp(relay, "on") == 0);
		else if (strcmp(jstr(res->data, "state"), "off") == 0)
			prom_sample(f, "rigctl_plug_relay_on",
				    (const char *const[]){"rig", rig_name(res->r),
							  NULL},
				    0);
	}
}

void prom_power_reading(struct ctx *c, FILE *f)
{
	prom_family(f, "rigctl_power_draw_watts", "gauge",
		    "Wall power the rig draws now: the BMC's DCMI reading, "
		    "else the smart plug's meter.");
	for (size_t i = 0; i < c->count; i++) {
		json_t *p = json_object_get(c->results[i].data, "reading");
		const char *source = jstr(p, "source");
		json_t *w = json_object_get(p, "current");

		if (!json_is_true(json_object_get(p, "active")) ||
		    !json_is_number(w))
			continue;
		prom_sample(f, "rigctl_power_draw_watts",
			    (const char *const[]){
				    "rig", rig_name(c->results[i].r), "source",
				    source[0] != '\0' ? source : "dcmi", NULL},
			    json_number_value(w));
	}
}

void prom_ecc(struct ctx *c, FILE *f)
{
	prom_family(f, "rigctl_ecc_errors_total", "counter",
		    "Memory errors the SEL or EDAC holds, by sensor, DIMM and "
		    "kind.");
	for (size_t i = 0; i < c->count; i++) {
		size_t k;
		json_t *e;

		json_array_foreach(json_object_get(c->results[i].data, "entries"),
				   k, e)
			prom_sample(f, "rigctl_ecc_errors_total",
				    (const char *const[]){
					    "rig", rig_name(c->results[i].r),
					    "source", jstr(e, "source"),
					    "sensor", jstr(e, "sensor"),
					    "dimm", jstr(e, "dimm"),
					    "kind", jstr(e, "kind"), NULL},
				    (double)json_integer_value(
					    json_object_get(e, "count")));
	}
	prom_family(f, "rigctl_ecc_available", "gauge",
		    "Whether the rig can report memory errors: 1 yes, 0 no.");
	for (size_t i = 0; i < c->count; i++)
		if (c->results[i].data != NULL ||
		    c->results[i].status == RIG_E_NOT_AVAILABLE)
			prom_sample(f, "rigctl_ecc_available",
				    (const char *const[]){
					    "rig", rig_name(c->results[i].r),
					    NULL},
				    c->results[i].data != NULL &&
					    c->results[i].status !=
						    RIG_E_NOT_AVAILABLE);
}

void prom_events_seen(struct ctx *c, FILE *f)
{
	prom_family(f, "rigctl_events_total", "counter",
		    "Events the SEL and the kernel log held since the exporter "
		    "started, by source, severity and kind.");
	for (size_t i = 0; i < c->count; i++) {
		size_t k;
		json_t *t;

		json_array_foreach(c->results[i].data, k, t)
			prom_sample(f, "rigctl_events_total",
				    (const char *const[]){
					    "rig", rig_name(c->results[i].r),
					    "source", jstr(t, "source"),
					    "severity", jstr(t, "severity"),
					    "kind", jstr(t, "kind"), NULL},
				    (double)json_integer_value(
					    json_object_get(t, "count")));
	}
}

/* fans (status, set, auto): per header, the duty as a ratio and the mode;
 * a header whose duty or mode is unknown (no fan profile) has no sample. */
void prom_fans(struct ctx *c, FILE *f)
{
	static const char *const fam[] = {"rigctl_fan_duty_ratio",
					  "rigctl_fan_mode"};

	prom_family(f, fam[0], "gauge",
		    "Fan header duty as the BMC reports it, 0 to 1.");
	prom_family(f, fam[1], "gauge",
		    "Fan header mode: 0 auto (the BMC's control), 1 manual, 2 "
		    "the BMC's custom curve.");
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < c->count; i++) {
			json_t *h, *hs = json_object_get(c->results[i].data,
							 "headers");
			size_t n;

			json_array_foreach(hs, n, h) {
				const char *mode = jstr(h, "mode");
				json_t *d = json_object_get(h, "duty");
				double v;

				if (k == 0 && !json_is_integer(d))
					continue;
				if (k == 1 && strcmp(mode, "auto") != 0 &&
				    strcmp(mode, "manual") != 0 &&
				    strcmp(mode, "curve") != 0)
					continue;
				v = k == 0 ? json_integer_value(d) / 100.0
				    : strcmp(mode, "auto") == 0	  ? 0
				    : strcmp(mode, "manual") == 0 ? 1
								  : 2;
				prom_sample(f, fam[k],
					    (const char *const[]){
						    "rig",
						    rig_name(c->results[i].r),
						    "header", jstr(h, "name"),
						    NULL},
					    v);
			}
		}
}

/* fans check: the check's state, rigctl_check_state{check="fans"}. */
void prom_fans_check(struct ctx *c, FILE *f)
{
	prom_family(f, "rigctl_check_state", "gauge",
		    "Check state: 0 ok, 1 warning, 2 critical, 3 unknown.");
	for (size_t i = 0; i < c->count; i++) {
		const json_t *code = json_object_get(c->results[i].data, "code");

		prom_sample(f, "rigctl_check_state",
			    (const char *const[]){"rig",
						  rig_name(c->results[i].r),
						  "check", "fans", NULL},
			    json_is_integer(code) ? (double)json_integer_value(code)
						  : 3);
	}
}
