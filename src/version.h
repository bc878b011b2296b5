/* version.h - the release version, shown by --version, /healthz, OpenAPI. */
#ifndef AV_VERSION_H
#define AV_VERSION_H
#define AREAVASTA_VERSION "0.1.0"
#endif
