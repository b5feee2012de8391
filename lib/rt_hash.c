/* rt_hash: FNV-1a and SplitMix64's finaliser (see rt_hash.h). */
#include "rt_hash.h"

uint32_t
rt_fnv1a32(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint32_t h = RT_FNV32_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= UINT32_C(16777619);
	}
	return h;
}

uint64_t
rt_fnv1a64(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

uint64_t
rt_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}
