// What NVRTC gives every kernel, for Debian's clang-15 compiling KernelGen's generated CUDA C to PTX without a CUDA
// SDK (-x cuda --cuda-device-only -nocudainc -nocudalib): the CUDA keywords, the built-in variables, and the device
// functions and math of clang's own CUDA headers (which call libdevice's __nv_* functions, linked by NVRTC on a GPU).
#define __host__ __attribute__((host))
#define __device__ __attribute__((device))
#define __global__ __attribute__((global))
#define __shared__ __attribute__((shared))
#define __constant__ __attribute__((constant))
#define __forceinline__ __inline__ __attribute__((always_inline))
#define CUDA_VERSION 12000
typedef __SIZE_TYPE__ size_t;
#define INT_MAX __INT_MAX__
#define INT_MIN (-__INT_MAX__ - 1)
#define HUGE_VAL __builtin_huge_val()
#define HUGE_VALF __builtin_huge_valf()
#include <__clang_cuda_builtin_vars.h>
#include <__clang_cuda_libdevice_declares.h>
#include <__clang_cuda_device_functions.h>
#include <__clang_cuda_math.h>
