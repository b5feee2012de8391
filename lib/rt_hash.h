/*
 * rt_hash: the non-cryptographic hashes rt derives ids, versions, draws
 * and rollout arms from.  FNV-1a (Fowler, Noll, Vo) over bytes, and
 * SplitMix64's finaliser to spread a hash over all 64 bits.  Their values
 * are part of rt's output (trigger ids, version names, redrawn results,
 * rollout arms): never change them.
 */
#ifndef RT_HASH_H
#define RT_HASH_H

#include <stddef.h>
#include <stdint.h>

#define RT_FNV32_INIT UINT32_C(2166136261)
#define RT_FNV64_INIT UINT64_C(14695981039346656037)

/* FNV-1a, 32 bits, of n bytes. */
uint32_t rt_fnv1a32(const void *p, size_t n);
/* FNV-1a, 64 bits, of a string, continuing from h (RT_FNV64_INIT to start). */
uint64_t rt_fnv1a64(uint64_t h, const char *s);
/* SplitMix64's finaliser (Steele, Lea and Flood 2014). */
uint64_t rt_mix64(uint64_t x);

#endif
