//! Prints the request the build-time-generated client would send for `ListBackgroundTasks`.

use build_time_client::operations::background_task_management::ListBackgroundTasksRequest;
use huaweicloud_core::ApiRequest;

fn main() -> Result<(), huaweicloud_core::Error> {
    let request = ListBackgroundTasksRequest::new("my-instance");
    let operation = <ListBackgroundTasksRequest as ApiRequest>::OPERATION;
    let input = request.into_input()?;
    println!("{} {} {:?}", operation.method, operation.path, input.path);
    println!(
        "regions known to the generated client: {}",
        build_time_client::SERVICE.regions.len()
    );
    Ok(())
}
