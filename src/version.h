/* version.h - folio's version, as `folio --version` prints it and as it is
 * recorded where folio writes its name (a bag's Bag-Software-Agent). */
#ifndef FOLIO_VERSION_H
#define FOLIO_VERSION_H

#define FOLIO_VERSION "0.1.0"

#endif
