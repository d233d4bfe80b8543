namespace KernelGen.Generator
{
    /// <summary>
    /// Everything that differs between CUDA C and OpenCL C, as strings. The translator is one C renderer that
    /// asks this table; adding a dialect means filling one more instance.
    /// </summary>
    internal sealed class Dialect
    {
        public string Name = "";
        public string KernelPrefix = "";
        public string FunctionPrefix = "";
        public string GlobalPointer = "";   // prefix of a pointer to global memory, e.g. "__global "
        public string SharedPrefix = "";
        public string UIntType = "";
        public string Barrier = "";
        public string GlobalIdX = "", GlobalIdY = "";
        public string LocalIdX = "", LocalIdY = "";
        public string GroupIdX = "", GroupIdY = "";
        public string LocalSizeX = "", LocalSizeY = "";
        public string NumGroupsX = "", NumGroupsY = "";
        public string MulHi = "";
        public string AsUInt = "", AsFloat = "";
        public string PositiveInfinity = "", NegativeInfinity = "", NaN = "";
        public string FloatSuffix = "f";    // CUDA math functions are expf, logf...; OpenCL overloads exp, log...
        public bool ScalarParamsConst;

        public string MathFunction(string baseName) => baseName + (FloatSuffix.Length > 0 && NeedsSuffix(baseName) ? FloatSuffix : "");

        private static bool NeedsSuffix(string name) => name != "max" && name != "min" && name != "abs";

        public static readonly Dialect Cuda = new Dialect
        {
            Name = "CUDA",
            KernelPrefix = "extern \"C\" __global__ void",
            FunctionPrefix = "static __device__ __forceinline__",
            GlobalPointer = "",
            SharedPrefix = "__shared__ ",
            UIntType = "unsigned int",
            Barrier = "__syncthreads()",
            GlobalIdX = "((int)(blockIdx.x * blockDim.x + threadIdx.x))",
            GlobalIdY = "((int)(blockIdx.y * blockDim.y + threadIdx.y))",
            LocalIdX = "((int)threadIdx.x)", LocalIdY = "((int)threadIdx.y)",
            GroupIdX = "((int)blockIdx.x)", GroupIdY = "((int)blockIdx.y)",
            LocalSizeX = "((int)blockDim.x)", LocalSizeY = "((int)blockDim.y)",
            NumGroupsX = "((int)gridDim.x)", NumGroupsY = "((int)gridDim.y)",
            MulHi = "__umulhi",
            AsUInt = "__float_as_uint", AsFloat = "__uint_as_float",
            PositiveInfinity = "__int_as_float(0x7f800000)",
            NegativeInfinity = "__int_as_float(0xff800000)",
            NaN = "__int_as_float(0x7fffffff)",
            FloatSuffix = "f",
        };

        public static readonly Dialect OpenCL = new Dialect
        {
            Name = "OpenCL",
            KernelPrefix = "__kernel void",
            FunctionPrefix = "static inline",
            GlobalPointer = "__global ",
            SharedPrefix = "__local ",
            UIntType = "uint",
            Barrier = "barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE)",
            GlobalIdX = "((int)get_global_id(0))", GlobalIdY = "((int)get_global_id(1))",
            LocalIdX = "((int)get_local_id(0))", LocalIdY = "((int)get_local_id(1))",
            GroupIdX = "((int)get_group_id(0))", GroupIdY = "((int)get_group_id(1))",
            LocalSizeX = "((int)get_local_size(0))", LocalSizeY = "((int)get_local_size(1))",
            NumGroupsX = "((int)get_num_groups(0))", NumGroupsY = "((int)get_num_groups(1))",
            MulHi = "mul_hi",
            AsUInt = "as_uint", AsFloat = "as_float",
            PositiveInfinity = "INFINITY",
            NegativeInfinity = "(-INFINITY)",
            NaN = "NAN",
            FloatSuffix = "",
            ScalarParamsConst = true,
        };
    }
}
