namespace OrleansBackend.Runtime.CodeGenerator;

/// <summary>How to write and read one value of a given type, as C# snippets.</summary>
/// <param name="WriteCall">A call with placeholders $W (writer), $I (field id) and $V (value).</param>
/// <param name="ReadCall">A call with placeholders $R (reader) and $T (wire type).</param>
/// <param name="WriteDelegate">A FieldWriter-shaped method group or static lambda.</param>
/// <param name="ReadDelegate">A FieldReader-shaped method group or static lambda.</param>
internal sealed record CodecModel(string WriteCall, string ReadCall, string WriteDelegate, string ReadDelegate);

/// <summary>One parameter of a grain method.</summary>
internal sealed record ParameterModel(string Name, string Type, bool IsCancellationToken, int WireId, CodecModel? Codec);

/// <summary>How a grain method returns.</summary>
internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>One grain interface method, as the reference and its invokable need it.</summary>
internal sealed record MethodModel(
    string Name,
    string DeclaringInterface,
    uint InterfaceId,
    uint MethodId,
    ReturnKind ReturnKind,
    string ReturnType,
    string ResultType,
    CodecModel ResultCodec,
    int Options,
    string InvokableName,
    EquatableArray<ParameterModel> Parameters);

/// <summary>A grain interface declared in this compilation.</summary>
internal sealed record InterfaceModel(
    string FullName,
    string ReferenceName,
    uint InterfaceId,
    EquatableArray<MethodModel> AllMethods,
    EquatableArray<MethodModel> DeclaredMethods);

/// <summary>How a grain class constructor parameter is provided.</summary>
internal sealed record ConstructorArgumentModel(string Type, string? StateType, string? StateName, string? StorageName);

/// <summary>A grain class declared in this compilation.</summary>
internal sealed record GrainClassModel(string FullName, EquatableArray<string> Interfaces, EquatableArray<ConstructorArgumentModel> ConstructorArguments);

/// <summary>One serialized member of a [GenerateSerializer] type.</summary>
internal sealed record MemberModel(uint Id, string Name, string Type, CodecModel Codec, bool IsConstructorParameter, int ConstructorIndex, bool IsInitOnly);

/// <summary>A [GenerateSerializer] type declared in this compilation.</summary>
internal sealed record SerializableModel(string FullName, string CodecName, bool IsValueType, int ConstructorParameterCount, EquatableArray<MemberModel> Members);

/// <summary>A problem to report at a source location.</summary>
internal sealed record DiagnosticModel(string Id, string Message, string? FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn);

/// <summary>What one syntax node contributed.</summary>
internal sealed record TypeResult(
    InterfaceModel? Interface,
    GrainClassModel? GrainClass,
    SerializableModel? Serializable,
    EquatableArray<DiagnosticModel> Diagnostics);

/// <summary>The compilation itself: its name and the referenced assemblies with generated code.</summary>
internal sealed record AssemblyModel(string Name, EquatableArray<string> ReferencedParts);
