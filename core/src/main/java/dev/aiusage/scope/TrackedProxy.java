package dev.aiusage.scope;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * The dynamic proxy behind {@link Tracker#proxy}: {@link Tracked} methods run in a scope, everything
 * else goes straight to the target. {@code equals}, {@code hashCode} and {@code toString} are the
 * proxy's own (identity), so a tracked object never equals its untracked target by accident.
 */
final class TrackedProxy implements InvocationHandler {

    private final Tracker tracker;
    private final Object target;
    private final Class<?> type;

    private TrackedProxy(Tracker tracker, Class<?> type, Object target) {
        this.tracker = tracker;
        this.type = type;
        this.target = target;
    }

    static <T> T create(Tracker tracker, Class<T> type, T target) {
        Objects.requireNonNull(target, "target");
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface; only interfaces can be tracked by proxy");
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new TrackedProxy(tracker, type, target)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "Tracked[" + type.getSimpleName() + " -> " + target + "]";
                default -> throw new IllegalStateException("unexpected Object method " + method);
            };
        }
        Tracked tracked = method.getAnnotation(Tracked.class);
        if (tracked == null) {
            return forward(proxy, method, args);
        }
        ScopeBuilder scope = tracker.scope(tracked.operation());
        Annotation[][] marks = method.getParameterAnnotations();
        for (int i = 0; i < marks.length; i++) {
            for (Annotation mark : marks[i]) {
                // A null or blank id inherits: tracking must never stop the caller's work.
                String id = args[i] == null ? "" : args[i].toString();
                if (!id.isBlank() && mark instanceof Tracked.JobId) {
                    scope.job(id);
                } else if (!id.isBlank() && mark instanceof Tracked.BatchId) {
                    scope.batch(id);
                }
            }
        }
        return scope.call(() -> forward(proxy, method, args));
    }

    /** Default methods run on the proxy, so tracked methods they call are tracked too. */
    private Object forward(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        // A package-private interface is legitimate; reflection needs permission to call through it.
        method.trySetAccessible();
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
