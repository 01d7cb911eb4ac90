using System.Linq;
using Microsoft.CodeAnalysis;

namespace OrleansBackend.Runtime.CodeGenerator;

/// <summary>Maps a type to the C# that writes and reads it, or says why it cannot be serialized.</summary>
internal static class CodecResolver
{
    public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    public static string PlainName(ITypeSymbol type) => Display(type).Replace("global::", string.Empty);

    public static CodecModel? Resolve(ITypeSymbol type, int depth, out string? error)
    {
        error = null;
        var t = Display(type);
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return Method("String");
            case SpecialType.System_Boolean: return Method("Boolean");
            case SpecialType.System_Int32: return Method("Int32");
            case SpecialType.System_Int64: return Method("Int64");
            case SpecialType.System_Int16: return Method("Int16");
            case SpecialType.System_SByte: return Method("SByte");
            case SpecialType.System_Byte: return Method("Byte");
            case SpecialType.System_UInt16: return Method("UInt16");
            case SpecialType.System_UInt32: return Method("UInt32");
            case SpecialType.System_UInt64: return Method("UInt64");
            case SpecialType.System_Char: return Method("Char");
            case SpecialType.System_Single: return Method("Single");
            case SpecialType.System_Double: return Method("Double");
            case SpecialType.System_Decimal: return Method("Decimal");
            case SpecialType.System_DateTime: return Method("DateTime");
        }

        var plain = PlainName(type);
        switch (plain)
        {
            case "System.Guid": return Method("Guid");
            case "System.DateTimeOffset": return Method("DateTimeOffset");
            case "System.TimeSpan": return Method("TimeSpan");
            case "OrleansBackend.Runtime.Invocation.VoidResult":
                return new CodecModel(
                    "/* no result */",
                    "default",
                    $"static (ref {Names.Writer} w, uint id, {t} v) => {{ }}",
                    $"static (ref {Names.Reader} r, {Names.WireType} wt) => default({t})");
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return FromCalls(
                t,
                depth,
                $"{Names.Primitive}WriteInt64(ref $W, $I, (long)$V)",
                $"({t}){Names.Primitive}ReadInt64(ref $R, $T)");
        }

        if (type is IArrayTypeSymbol array)
        {
            if (array.ElementType.SpecialType == SpecialType.System_Byte)
            {
                return Method("ByteArray");
            }

            var element = Resolve(array.ElementType, depth + 1, out error);
            if (element is null || array.Rank != 1)
            {
                error ??= $"multi-dimensional arrays ({t}) are not supported";
                return null;
            }

            var e = Display(array.ElementType);
            return FromCalls(
                t,
                depth,
                $"{Names.Collection}WriteCollection<{e}>(ref $W, $I, $V, {element.WriteDelegate})",
                $"{Names.Collection}ReadArray<{e}>(ref $R, $T, {element.ReadDelegate})");
        }

        if (type is INamedTypeSymbol named && named.IsGenericType)
        {
            var definition = named.OriginalDefinition.ToDisplayString();
            if (definition == "System.Nullable<T>" || definition == "T?")
            {
                var inner = Resolve(named.TypeArguments[0], depth + 1, out error);
                if (inner is null)
                {
                    return null;
                }

                var i = Display(named.TypeArguments[0]);
                return FromCalls(
                    t,
                    depth,
                    $"{Names.Collection}WriteNullable<{i}>(ref $W, $I, $V, {inner.WriteDelegate})",
                    $"{Names.Collection}ReadNullable<{i}>(ref $R, $T, {inner.ReadDelegate})");
            }

            var collectionReader = definition switch
            {
                "System.Collections.Generic.List<T>" or "System.Collections.Generic.IList<T>" or "System.Collections.Generic.IReadOnlyList<T>"
                    or "System.Collections.Generic.ICollection<T>" or "System.Collections.Generic.IReadOnlyCollection<T>"
                    or "System.Collections.Generic.IEnumerable<T>" => "ReadList",
                "System.Collections.Generic.HashSet<T>" or "System.Collections.Generic.ISet<T>" or "System.Collections.Generic.IReadOnlySet<T>" => "ReadHashSet",
                _ => null,
            };
            if (collectionReader is not null)
            {
                var element = Resolve(named.TypeArguments[0], depth + 1, out error);
                if (element is null)
                {
                    return null;
                }

                var e = Display(named.TypeArguments[0]);
                return FromCalls(
                    t,
                    depth,
                    $"{Names.Collection}WriteCollection<{e}>(ref $W, $I, $V, {element.WriteDelegate})",
                    $"{Names.Collection}{collectionReader}<{e}>(ref $R, $T, {element.ReadDelegate})");
            }

            if (definition is "System.Collections.Generic.Dictionary<TKey, TValue>" or "System.Collections.Generic.IDictionary<TKey, TValue>"
                or "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>")
            {
                var key = Resolve(named.TypeArguments[0], depth + 1, out error);
                var value = key is null ? null : Resolve(named.TypeArguments[1], depth + 1, out error);
                if (key is null || value is null)
                {
                    return null;
                }

                var k = Display(named.TypeArguments[0]);
                var v = Display(named.TypeArguments[1]);
                return FromCalls(
                    t,
                    depth,
                    $"{Names.Collection}WriteDictionary<{k}, {v}>(ref $W, $I, $V, {key.WriteDelegate}, {value.WriteDelegate})",
                    $"{Names.Collection}ReadDictionary<{k}, {v}>(ref $R, $T, {key.ReadDelegate}, {value.ReadDelegate})");
            }
        }

        if (IsException(type))
        {
            return FromCalls(
                t,
                depth,
                $"{Names.ExceptionCodec}Write(ref $W, $I, $V)",
                $"({t}){Names.ExceptionCodec}Read(ref $R, $T)");
        }

        if (type.TypeKind == TypeKind.Interface && (plain == Names.AddressableMarker || type.AllInterfaces.Any(i => i.ToDisplayString() == Names.AddressableMarker)))
        {
            return FromCalls(
                t,
                depth,
                $"{Names.GrainReferenceCodec}Write(ref $W, $I, $V)",
                $"{Names.GrainReferenceCodec}Read<{t}>(ref $R, $T)");
        }

        if (type is INamedTypeSymbol candidate && HasAttribute(candidate, Names.GenerateSerializerAttribute))
        {
            if (candidate.IsGenericType)
            {
                error = $"generic serializable types ({t}) are not supported";
                return null;
            }

            var codec = CodecClassName(candidate);
            return new CodecModel(
                $"{codec}.Write(ref $W, $I, $V)",
                $"{codec}.Read(ref $R, $T)",
                $"{codec}.Write",
                $"{codec}.Read");
        }

        error = $"{plain} has no serializer; mark it [GenerateSerializer] with [Id(n)] members, or use a supported type";
        return null;
    }

    public static string CodecClassName(INamedTypeSymbol type) => Names.Generated + "Codec_" + StableIds.Mangle(PlainName(type));

    public static bool HasAttribute(ISymbol symbol, string attributeName) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attributeName);

    public static string Apply(string template, string writerOrReader, string idOrWireType, string? value = null)
    {
        var result = template.Replace("$W", writerOrReader).Replace("$R", writerOrReader).Replace("$I", idOrWireType).Replace("$T", idOrWireType);
        return value is null ? result : result.Replace("$V", value);
    }

    private static bool IsException(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == "System.Exception")
            {
                return true;
            }
        }

        return false;
    }

    private static CodecModel Method(string name) => new(
        $"{Names.Primitive}Write{name}(ref $W, $I, $V)",
        $"{Names.Primitive}Read{name}(ref $R, $T)",
        $"{Names.Primitive}Write{name}",
        $"{Names.Primitive}Read{name}");

    private static CodecModel FromCalls(string type, int depth, string writeCall, string readCall)
    {
        var w = $"__w{depth}";
        var i = $"__i{depth}";
        var v = $"__v{depth}";
        var r = $"__r{depth}";
        var wt = $"__t{depth}";
        return new CodecModel(
            writeCall,
            readCall,
            $"static (ref {Names.Writer} {w}, uint {i}, {type} {v}) => {Apply(writeCall, w, i, v)}",
            $"static (ref {Names.Reader} {r}, {Names.WireType} {wt}) => {Apply(readCall, r, wt)}");
    }
}
