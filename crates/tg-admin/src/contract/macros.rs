//! The `contract!` macro that turns the table into the command and event lists, the `Event`
//! implementations and the dispatcher. It is only ever invoked once, by `table.rs`.

/// See the module docs and `table.rs`.
macro_rules! contract {
    (
        commands {
            $(
                $(#[doc = $doc:literal])*
                $kind:ident fn $name:ident ( $( $arg:ident : $ty:ty ),* $(,)? ) -> $ret:ty ;
            )*
        }
        events {
            $(
                $(#[doc = $edoc:literal])*
                $event:ident = $event_name:literal ;
            )*
        }
    ) => {
        /// Every command, in the table's order.
        pub const COMMANDS: &[super::spec::CommandSpec] = &[
            $(
                super::spec::CommandSpec {
                    name: stringify!($name),
                    docs: &[$($doc),*],
                    kind: contract!(@kind $kind),
                    args: &[
                        $( super::spec::ArgSpec {
                            name: stringify!($arg),
                            ty: super::spec::TsType::of::<$ty>(),
                        } ),*
                    ],
                    result: super::spec::TsType::of::<$ret>(),
                },
            )*
        ];

        /// Every event, in the table's order.
        pub const EVENTS: &[super::spec::EventSpec] = &[
            $(
                super::spec::EventSpec {
                    name: $event_name,
                    docs: &[$($edoc),*],
                    payload: super::spec::TsType::of::<$event>(),
                },
            )*
        ];

        $(
            impl super::spec::Event for $event {
                const NAME: &'static str = $event_name;
            }
        )*

        /// Runs `command` with `args` (an object keyed by lowerCamelCase argument name) and
        /// returns its result as JSON text, written straight from the result (the window's
        /// answer). Unknown commands and arguments that do not decode are `invalid_input`
        /// errors that name the command and argument, never the value.
        pub async fn dispatch_json(
            app: &std::sync::Arc<$crate::App>,
            host: &std::sync::Arc<dyn super::spec::Host>,
            command: &str,
            args: &serde_json::Value,
        ) -> Result<String, $crate::AppError> {
            match command {
                $(
                    stringify!($name) => {
                        $(
                            let $arg: $ty =
                                super::wire::argument(command, args, stringify!($arg))?;
                        )*
                        let result: Result<$ret, $crate::AppError> =
                            contract!(@call $kind app host $name ( $($arg),* ));
                        super::wire::encode(command, result?)
                    }
                )*
                _ => Err(super::wire::unknown(command)),
            }
        }
    };

    (@kind async) => { super::spec::Kind::Async };
    (@kind blocking) => { super::spec::Kind::Blocking };

    (@call async $app:ident $host:ident $name:ident ( $($arg:ident),* )) => {
        $crate::commands::$name($app, &**$host, $($arg),*).await
    };
    (@call blocking $app:ident $host:ident $name:ident ( $($arg:ident),* )) => {{
        let app = std::sync::Arc::clone($app);
        let host = std::sync::Arc::clone($host);
        super::wire::blocking(move || $crate::commands::$name(&app, &*host, $($arg),*)).await
    }};
}

pub(super) use contract;
