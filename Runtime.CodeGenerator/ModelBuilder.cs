using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OrleansBackend.Runtime.CodeGenerator;

/// <summary>Turns one type declaration into the models the emitter needs (semantic analysis happens here only).</summary>
internal static class ModelBuilder
{
    public static TypeResult? Build(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol symbol)
        {
            return null;
        }

        var diagnostics = new List<DiagnosticModel>();
        var location = context.Node is TypeDeclarationSyntax declaration ? declaration.Identifier.GetLocation() : context.Node.GetLocation();
        InterfaceModel? grainInterface = null;
        GrainClassModel? grainClass = null;
        SerializableModel? serializable = null;

        if (symbol.TypeKind == TypeKind.Interface && IsGrainInterface(symbol))
        {
            grainInterface = BuildInterface(symbol, location, diagnostics);
        }
        else if (symbol.TypeKind == TypeKind.Class && !symbol.IsAbstract && DerivesFromGrain(symbol))
        {
            grainClass = BuildGrainClass(symbol, location, diagnostics);
        }

        if (CodecResolver.HasAttribute(symbol, Names.GenerateSerializerAttribute))
        {
            serializable = BuildSerializable(symbol, location, diagnostics);
        }

        if (grainInterface is null && grainClass is null && serializable is null && diagnostics.Count == 0)
        {
            return null;
        }

        return new TypeResult(grainInterface, grainClass, serializable, new EquatableArray<DiagnosticModel>(diagnostics));
    }

    public static bool IsGrainInterface(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Interface
        && !Names.MarkerInterfaces.Contains(type.ToDisplayString())
        && type.AllInterfaces.Any(i => i.ToDisplayString() == Names.GrainMarker);

    private static bool IsGrainExtension(INamedTypeSymbol type) =>
        type.AllInterfaces.Any(i => i.ToDisplayString() == Names.GrainExtensionMarker);

    private static bool DerivesFromGrain(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == Names.GrainBaseMetadata)
            {
                return true;
            }
        }

        return false;
    }

    private static InterfaceModel? BuildInterface(INamedTypeSymbol symbol, Location location, List<DiagnosticModel> diagnostics)
    {
        if (symbol.IsGenericType)
        {
            diagnostics.Add(Diagnostic("OBGEN002", $"Generic grain interface {symbol.Name} is not supported.", location));
            return null;
        }

        var name = CodecResolver.PlainName(symbol);
        var all = new List<MethodModel>();
        var declared = new List<MethodModel>();
        foreach (var type in new[] { symbol }.Concat(symbol.AllInterfaces.Where(IsGrainInterface)))
        {
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (method.MethodKind != MethodKind.Ordinary || !method.IsAbstract)
                {
                    continue;
                }

                var model = BuildMethod(type, method, location, diagnostics);
                if (model is null)
                {
                    continue;
                }

                all.Add(model);
                if (SymbolEqualityComparer.Default.Equals(type, symbol))
                {
                    declared.Add(model);
                }
            }
        }

        var ids = new HashSet<uint>();
        foreach (var method in declared)
        {
            if (!ids.Add(method.MethodId))
            {
                diagnostics.Add(Diagnostic("OBGEN003", $"Two methods of {symbol.Name} hash to the same method id; rename one of {method.Name}'s overloads.", location));
            }
        }

        return new InterfaceModel(
            name,
            "Ref_" + StableIds.Mangle(name),
            StableIds.Hash(name),
            new EquatableArray<MethodModel>(all),
            new EquatableArray<MethodModel>(declared));
    }

    private static MethodModel? BuildMethod(INamedTypeSymbol owner, IMethodSymbol method, Location location, List<DiagnosticModel> diagnostics)
    {
        var where = $"{owner.Name}.{method.Name}";
        if (method.IsGenericMethod)
        {
            diagnostics.Add(Diagnostic("OBGEN004", $"Generic grain method {where} is not supported.", location));
            return null;
        }

        var returnType = method.ReturnType as INamedTypeSymbol;
        var returnDefinition = returnType?.OriginalDefinition.ToDisplayString();
        ReturnKind kind;
        ITypeSymbol? resultType = null;
        switch (returnDefinition)
        {
            case "System.Threading.Tasks.Task":
                kind = ReturnKind.Task;
                break;
            case "System.Threading.Tasks.Task<TResult>":
                kind = ReturnKind.TaskOfT;
                resultType = returnType!.TypeArguments[0];
                break;
            case "System.Threading.Tasks.ValueTask":
                kind = ReturnKind.ValueTask;
                break;
            case "System.Threading.Tasks.ValueTask<TResult>":
                kind = ReturnKind.ValueTaskOfT;
                resultType = returnType!.TypeArguments[0];
                break;
            default:
                diagnostics.Add(Diagnostic("OBGEN005", $"Grain method {where} must return Task, Task<T>, ValueTask or ValueTask<T>.", location));
                return null;
        }

        var options = 0;
        if (CodecResolver.HasAttribute(method, Names.AlwaysInterleaveAttribute))
        {
            options |= 1;
        }

        if (CodecResolver.HasAttribute(method, Names.ReadOnlyAttribute))
        {
            options |= 2;
        }

        if (CodecResolver.HasAttribute(method, Names.OneWayAttribute))
        {
            if (resultType is not null)
            {
                diagnostics.Add(Diagnostic("OBGEN006", $"One-way method {where} must return Task or ValueTask.", location));
                return null;
            }

            options |= 4;
        }

        if (IsGrainExtension(owner))
        {
            // Served by the activation's extension object instead of the grain instance.
            options |= 16;
        }

        var resultDisplay = resultType is null ? Names.VoidResult : CodecResolver.Display(resultType);
        CodecModel? resultCodec;
        string? error;
        if (resultType is null)
        {
            resultCodec = new CodecModel("/* no result */", "default", string.Empty, string.Empty);
        }
        else
        {
            resultCodec = CodecResolver.Resolve(resultType, 0, out error);
            if (resultCodec is null)
            {
                diagnostics.Add(Diagnostic("OBGEN007", $"The result of {where} cannot be serialized: {error}.", location));
                return null;
            }
        }

        var parameters = new List<ParameterModel>();
        var wireId = 0;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                diagnostics.Add(Diagnostic("OBGEN008", $"Parameter {parameter.Name} of {where} is passed by reference; grain calls copy values.", location));
                return null;
            }

            var type = CodecResolver.Display(parameter.Type);
            if (CodecResolver.PlainName(parameter.Type) == "System.Threading.CancellationToken")
            {
                parameters.Add(new ParameterModel(parameter.Name, type, true, -1, null));
                options |= 8;
                continue;
            }

            var codec = CodecResolver.Resolve(parameter.Type, 0, out error);
            if (codec is null)
            {
                diagnostics.Add(Diagnostic("OBGEN007", $"Parameter {parameter.Name} of {where} cannot be serialized: {error}.", location));
                return null;
            }

            parameters.Add(new ParameterModel(parameter.Name, type, false, wireId++, codec));
        }

        var ownerName = CodecResolver.PlainName(owner);
        var signature = $"{method.Name}({string.Join(",", method.Parameters.Select(p => CodecResolver.PlainName(p.Type)))})";
        var methodId = StableIds.Hash(signature);
        return new MethodModel(
            method.Name,
            CodecResolver.Display(owner),
            StableIds.Hash(ownerName),
            methodId,
            kind,
            CodecResolver.Display(method.ReturnType),
            resultDisplay,
            resultCodec,
            options,
            $"{Names.Generated}Inv_{StableIds.Mangle(ownerName)}_{method.Name}_{methodId:X8}",
            new EquatableArray<ParameterModel>(parameters));
    }

    private static GrainClassModel? BuildGrainClass(INamedTypeSymbol symbol, Location location, List<DiagnosticModel> diagnostics)
    {
        if (symbol.IsGenericType)
        {
            diagnostics.Add(Diagnostic("OBGEN009", $"Generic grain class {symbol.Name} is not supported.", location));
            return null;
        }

        var interfaces = symbol.AllInterfaces.Where(IsGrainInterface).Select(CodecResolver.Display).ToList();
        if (interfaces.Count == 0)
        {
            return null;
        }

        var constructor = symbol.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (constructor is null)
        {
            diagnostics.Add(Diagnostic("OBGEN010", $"Grain class {symbol.Name} needs a public constructor.", location));
            return null;
        }

        var arguments = new List<ConstructorArgumentModel>();
        foreach (var parameter in constructor.Parameters)
        {
            var stateAttribute = parameter.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == Names.PersistentStateAttribute);
            if (stateAttribute is not null)
            {
                if (parameter.Type is not INamedTypeSymbol stateInterface
                    || stateInterface.OriginalDefinition.ToDisplayString() != Names.PersistentStateInterface)
                {
                    diagnostics.Add(Diagnostic("OBGEN011", $"[PersistentState] parameter {parameter.Name} of {symbol.Name} must be an IPersistentState<T>.", location));
                    return null;
                }

                var stateName = stateAttribute.ConstructorArguments[0].Value as string ?? parameter.Name;
                var storageName = stateAttribute.ConstructorArguments.Length > 1 ? stateAttribute.ConstructorArguments[1].Value as string : null;
                arguments.Add(new ConstructorArgumentModel(CodecResolver.Display(parameter.Type), CodecResolver.Display(stateInterface.TypeArguments[0]), stateName, storageName));
            }
            else
            {
                arguments.Add(new ConstructorArgumentModel(CodecResolver.Display(parameter.Type), null, null, null));
            }
        }

        return new GrainClassModel(CodecResolver.Display(symbol), new EquatableArray<string>(interfaces), new EquatableArray<ConstructorArgumentModel>(arguments));
    }

    private static SerializableModel? BuildSerializable(INamedTypeSymbol symbol, Location location, List<DiagnosticModel> diagnostics)
    {
        if (symbol.IsGenericType || symbol.IsAbstract || symbol.IsStatic)
        {
            diagnostics.Add(Diagnostic("OBGEN012", $"[GenerateSerializer] type {symbol.Name} must be a non-generic, non-abstract class, record or struct.", location));
            return null;
        }

        var candidates = new List<(uint Id, ISymbol Member, ITypeSymbol Type, bool HasSetter, bool IsInitOnly)>();
        for (var type = symbol; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            var primaryParameters = type.InstanceConstructors
                .Where(c => c.Parameters.Length > 0)
                .SelectMany(c => c.Parameters)
                .ToList();
            foreach (var member in type.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared && member is not IPropertySymbol)
                {
                    continue;
                }

                var id = IdOf(member);
                if (id is null && member is IPropertySymbol)
                {
                    // [Id] on a record's positional parameter applies to the parameter, not the property.
                    var parameter = primaryParameters.FirstOrDefault(p => p.Name == member.Name);
                    if (parameter is not null)
                    {
                        id = IdOf(parameter);
                    }
                }

                if (id is null)
                {
                    continue;
                }

                switch (member)
                {
                    case IPropertySymbol property when property.GetMethod is not null && !property.IsIndexer:
                        candidates.Add((id.Value, property, property.Type, property.SetMethod is not null && !property.SetMethod.IsInitOnly, property.SetMethod?.IsInitOnly == true));
                        break;
                    case IFieldSymbol field:
                        candidates.Add((id.Value, field, field.Type, !field.IsReadOnly, false));
                        break;
                }
            }
        }

        var seen = new HashSet<uint>();
        foreach (var candidate in candidates)
        {
            if (!seen.Add(candidate.Id))
            {
                diagnostics.Add(Diagnostic("OBGEN013", $"Id {candidate.Id} is used twice in {symbol.Name}.", location));
                return null;
            }

            if (candidate.Member.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
            {
                diagnostics.Add(Diagnostic("OBGEN014", $"Member {candidate.Member.Name} of {symbol.Name} must be public or internal to be serialized.", location));
                return null;
            }
        }

        var names = new HashSet<string>(candidates.Select(c => c.Member.Name), StringComparer.OrdinalIgnoreCase);
        var constructor = symbol.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
            .Where(c => c.Parameters.All(p => names.Contains(p.Name)))
            .Where(c => !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, symbol)))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (constructor is null && !symbol.IsValueType)
        {
            diagnostics.Add(Diagnostic("OBGEN015", $"{symbol.Name} needs a constructor whose parameters are all [Id] members (or a parameterless one).", location));
            return null;
        }

        var constructorNames = constructor?.Parameters.Select(p => p.Name).ToList() ?? new List<string>();
        var members = new List<MemberModel>();
        foreach (var candidate in candidates.OrderBy(c => c.Id))
        {
            var codec = CodecResolver.Resolve(candidate.Type, 0, out var error);
            if (codec is null)
            {
                diagnostics.Add(Diagnostic("OBGEN007", $"Member {candidate.Member.Name} of {symbol.Name} cannot be serialized: {error}.", location));
                return null;
            }

            var index = constructorNames.FindIndex(n => string.Equals(n, candidate.Member.Name, StringComparison.OrdinalIgnoreCase));
            if (index < 0 && !candidate.HasSetter && !candidate.IsInitOnly)
            {
                diagnostics.Add(Diagnostic("OBGEN016", $"Member {candidate.Member.Name} of {symbol.Name} has no setter and is not a constructor parameter.", location));
                return null;
            }

            members.Add(new MemberModel(candidate.Id, candidate.Member.Name, CodecResolver.Display(candidate.Type), codec, index >= 0, index, candidate.IsInitOnly));
        }

        return new SerializableModel(
            CodecResolver.Display(symbol),
            CodecResolver.CodecClassName(symbol).Replace(Names.Generated, string.Empty),
            symbol.IsValueType,
            constructorNames.Count,
            new EquatableArray<MemberModel>(members));
    }

    private static uint? IdOf(ISymbol symbol)
    {
        var attribute = symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == Names.IdAttribute);
        return attribute?.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is uint id ? id : null;
    }

    private static DiagnosticModel Diagnostic(string id, string message, Location location)
    {
        var span = location.GetLineSpan();
        return new DiagnosticModel(
            id,
            message,
            location.SourceTree?.FilePath,
            location.SourceSpan.Start,
            location.SourceSpan.Length,
            span.StartLinePosition.Line,
            span.StartLinePosition.Character,
            span.EndLinePosition.Line,
            span.EndLinePosition.Character);
    }
}
