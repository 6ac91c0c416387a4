package io.flotilla.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

/**
 * A data source that remembers the SQL of every statement prepared through it, so a test
 * can count what a piece of code costs the database in statements, not only in rows.
 */
public final class StatementCounter {

	private final List<String> statements = new CopyOnWriteArrayList<>();

	private final DataSource dataSource;

	public StatementCounter(DataSource target) {
		this.dataSource = proxy(DataSource.class, target, (method, args) -> {
			Object result = method.invoke(target, args);
			return (result instanceof Connection connection) ? counting(connection) : result;
		});
	}

	public DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * The statements prepared since the last call, and forgets them.
	 */
	public List<String> take() {
		List<String> taken = List.copyOf(this.statements);
		this.statements.clear();
		return taken;
	}

	private Connection counting(Connection connection) {
		return proxy(Connection.class, connection, (method, args) -> {
			if ((method.getName().equals("prepareStatement") || method.getName().equals("prepareCall")) && args != null
					&& args[0] instanceof String sql) {
				this.statements.add(sql);
			}
			return method.invoke(connection, args);
		});
	}

	private static <T> T proxy(Class<T> type, T target, Call call) {
		InvocationHandler handler = (proxy, method, args) -> {
			try {
				return call.invoke(method, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler));
	}

	private interface Call {

		Object invoke(Method method, Object[] args) throws Exception;

	}

}
